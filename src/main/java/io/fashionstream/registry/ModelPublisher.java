package io.fashionstream.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.model.ModelArtifact;

/**
 * Writes to the models topic: new versions ({@link #publish}) and fleet instructions ({@link #promote},
 * {@link #rollback}). Creates the topic (compacted, one partition) when missing.
 *
 * <p>Numbering under concurrency: every write is one Kafka transaction made by a producer whose
 * {@code transactional.id} is the same for all registry writers of a topic
 * ({@value RegistryConfig#TRANSACTIONAL_ID_PREFIX}{@code <topic>}). {@code initTransactions()} fences any
 * other writer holding that id and aborts its open transaction, so once it returns this writer is the only
 * one; it then reads the topic to its end (read_committed), takes the highest version number seen plus one,
 * and commits chunks and manifest together. A writer that was fenced meanwhile gets
 * {@link ProducerFencedException} at send or commit, nothing of it becomes visible, and it starts over with
 * a fresh producer after a random back-off. Two concurrent publishers thus get distinct, consecutive
 * numbers, never the same one. A user-supplied {@code transactional.id} wins (so ACLs can dictate it), but
 * then only writers sharing it are serialized. Not thread-safe; one call at a time.
 */
public final class ModelPublisher {
    private static final Logger log = LoggerFactory.getLogger(ModelPublisher.class);
    private static final int MAX_ATTEMPTS = 8;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RegistryConfig config;
    private final int chunkBytes;

    public ModelPublisher(RegistryConfig config) {
        this(config, Chunks.DEFAULT_BYTES);
    }

    /** With a chunk size other than {@link Chunks#DEFAULT_BYTES} (tests). */
    ModelPublisher(RegistryConfig config, int chunkBytes) {
        this.config = config;
        this.chunkBytes = chunkBytes;
        try (TopicAdmin admin = new TopicAdmin(config.kafka())) {
            admin.ensure(List.of(config.topicSpec()));
        }
    }

    /** What a control instruction did, as seen by instances following {@code latest} (0 = no version). */
    public record ControlOutcome(ControlRecord record, int servingBefore, int servingAfter) {
    }

    /**
     * Publishes artifact bytes (a {@code .fsmodel} file's content) as the next version; they are checked with
     * {@link ModelArtifact#fromBytes} first, so a broken file is refused here rather than by every classifier.
     */
    public Manifest publish(byte[] artifact, String source) {
        var metadata = ModelArtifact.fromBytes(artifact, source).metadata();
        String sha = ModelArtifact.sha256(artifact);
        return write(registry -> {
            int version = registry.maxVersion() + 1;
            Manifest manifest = new Manifest(Manifest.FORMAT, version, artifact.length, sha,
                    Chunks.count(artifact.length, chunkBytes), chunkBytes, metadata.version(), metadata.architecture(),
                    metadata.testAccuracy(), now(), Requester.name());
            return new Plan<>(RegistryRecords.version(config.topic(), manifest, artifact, config.signingKey()), manifest);
        });
    }

    /** Tells the fleet to serve {@code version}, which must be a verified version on the topic. */
    public ControlOutcome promote(int version) {
        return write(registry -> {
            if (registry.version(version).isEmpty()) {
                var rejected = registry.rejected().get(version);
                throw new IllegalArgumentException(rejected != null
                        ? ModelVersion.name(version) + " cannot be promoted: it was rejected (" + rejected.getMessage() + ")"
                        : "No version " + ModelVersion.name(version) + " on " + config.topic() + " (versions: "
                        + names(registry) + ")");
            }
            return control(registry, ControlRecord.promote(registry.maxControlSequence() + 1, version, now(), Requester.name()));
        });
    }

    /** Tells the fleet to return to the version that served before the current one (see {@link VersionSelector}). */
    public ControlOutcome rollback() {
        return write(registry -> {
            var selection = VersionSelector.select(registry.events(), ModelPolicy.LATEST);
            if (selection.previous() == 0) {
                throw new IllegalArgumentException("Nothing to roll back to on " + config.topic() + ": "
                        + (selection.serving() == 0 ? "no version has been published"
                        : ModelVersion.name(selection.serving()) + " is the first version that served"));
            }
            return control(registry, ControlRecord.rollback(registry.maxControlSequence() + 1, now(), Requester.name()));
        });
    }

    private Plan<ControlOutcome> control(RegistryLog registry, ControlRecord record) {
        int before = VersionSelector.select(registry.events(), ModelPolicy.LATEST).serving();
        List<RegistryEvent> after = new ArrayList<>(registry.events());
        after.add(new RegistryEvent.Control(record));
        int then = VersionSelector.select(after, ModelPolicy.LATEST).serving();
        return new Plan<>(List.of(RegistryRecords.control(config.topic(), record, config.signingKey())),
                new ControlOutcome(record, before, then));
    }

    /** Records to commit in one transaction, and what to return once they are committed. */
    private record Plan<T>(List<ProducerRecord<String, byte[]>> records, T result) {
    }

    private <T> T write(Function<RegistryLog, Plan<T>> planner) {
        Properties props = KafkaSettings.transactionalProducer(config.kafka(),
                RegistryConfig.TRANSACTIONAL_ID_PREFIX + config.topic());
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        for (int attempt = 1; ; attempt++) {
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                return attempt(producer, planner);
            } catch (ProducerFencedException | InvalidProducerEpochException | InvalidTxnStateException e) {
                // All three mean another writer with our transactional id took over mid-transaction (with
                // transactions v2 the broker can answer InvalidTxnState); the producer is unusable, so retry
                // with a fresh one.
                if (attempt == MAX_ATTEMPTS) {
                    throw new KafkaException("another registry writer kept taking over " + config.topic()
                            + "; gave up after " + attempt + " attempts, nothing was written", e);
                }
                long pause = ThreadLocalRandom.current().nextLong(50, 100L << Math.min(attempt, 6));
                log.info("Another registry writer fenced this one on {} (attempt {}), retrying in {} ms",
                        config.topic(), attempt, pause);
                sleep(pause);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new KafkaException("no answer from Kafka at " + KafkaSettings.bootstrapServers(props) + " within "
                        + TIMEOUT.toSeconds() + " s writing to " + config.topic() + " (is a broker running?)", e);
            }
        }
    }

    private <T> T attempt(KafkaProducer<String, byte[]> producer, Function<RegistryLog, Plan<T>> planner) {
        producer.initTransactions();
        Plan<T> plan;
        try (RegistryReader reader = new RegistryReader(config, TIMEOUT)) {
            reader.catchUp(TIMEOUT);
            plan = planner.apply(reader.log());
        }
        producer.beginTransaction();
        try {
            for (var record : plan.records()) {
                producer.send(record);
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | InvalidTxnStateException e) {
            throw e; // fenced: aborting would fail on the dead producer; write() retries with a new one
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
        log.debug("Wrote {} record(s) to {}: {}", plan.records().size(), config.topic(), plan.result());
        return plan.result();
    }

    private static String names(RegistryLog registry) {
        return registry.versions().isEmpty() ? "none" : registry.versions().keySet().stream()
                .map(ModelVersion::name).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting to retry a registry write", e);
        }
    }
}
