package io.fashionstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.fashionstream.inference.Predictor;
import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.model.ModelArtifact;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The model registry on a real in-process Kafka broker: publishing, verification, selection, restarts. */
class ModelRegistryIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SigningKey KEY = SigningKey.of("it-signing-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        kafka = EmbeddedKafka.start(BrokerConfig.defaults());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldServeEachGoodVersionRejectBadOnesAndComeBackOnTheCurrentOneAfterARestart(TestInfo test) throws Exception {
        RegistryConfig config = config(test).withSigningKey(Optional.of(KEY));
        ModelPublisher publisher = new ModelPublisher(config);
        byte[] v1 = ModelFixtures.untrained(1, 0.80);
        byte[] v2 = ModelFixtures.untrained(2, 0.81);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (RegistryModelSource source = RegistryModelSource.start(config, ModelPolicy.LATEST, new ClassifierMetrics(meters))) {
            assertThat(source.current()).as("nothing to serve before the first version").isNull();

            assertThat(publisher.publish(v1, "v1").version()).isEqualTo(1);
            assertThat(source.awaitReady(WAIT)).isTrue();
            assertThat(source.current().version()).isEqualTo("v1");
            assertSamePredictions(source, v1);

            assertThat(publisher.publish(v2, "v2").version()).isEqualTo(2);
            await(() -> source.servingVersion() == 2, "v2 serving");
            assertThat(source.current().version()).isEqualTo("v2");
            assertSamePredictions(source, v2);

            publishCorrupted(config, 3, ModelFixtures.untrained(3, 0.99));
            ModelPublisher unsigned = new ModelPublisher(config.withSigningKey(Optional.empty()));
            assertThat(unsigned.publish(ModelFixtures.untrained(4, 0.99), "v4").version()).isEqualTo(4);

            await(() -> source.rejected().size() == 2, "v3 and v4 rejected");
            assertThat(source.rejected()).containsEntry("v3", RejectReason.SHA256_MISMATCH).containsEntry("v4", RejectReason.UNSIGNED);
            assertThat(meters.get("classifier.model.rejected").tag("reason", "sha256_mismatch").counter().count()).isEqualTo(1);
            assertThat(meters.get("classifier.model.rejected").tag("reason", "unsigned").counter().count()).isEqualTo(1);
            assertThat(source.current().version()).as("the last good version keeps serving").isEqualTo("v2");
            assertThat(meters.get("classifier.model.serving").tag("version", "v2").gauge().value()).isEqualTo(1);
        }

        SimpleMeterRegistry restartedMeters = new SimpleMeterRegistry();
        try (RegistryModelSource restarted = RegistryModelSource.start(config, ModelPolicy.LATEST,
                new ClassifierMetrics(restartedMeters))) {
            assertThat(restarted.awaitReady(WAIT)).isTrue();

            assertThat(restarted.current().version()).isEqualTo("v2");
            assertThat(restartedMeters.find("classifier.model.serving").tag("version", "v1").gauge())
                    .as("a restarted instance loads the current version directly, not every version in turn").isNull();
            assertThat(restarted.rejected()).containsOnlyKeys("v3", "v4");
        }
    }

    @Test
    void shouldMoveTheWholeFleetOnPromoteAndRollbackExceptAPinnedInstance(TestInfo test) throws Exception {
        RegistryConfig config = config(test);
        ModelPublisher publisher = new ModelPublisher(config);
        assertThatThrownBy(publisher::rollback).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no version has been published");
        publisher.publish(ModelFixtures.untrained(1, 0.80), "v1");
        assertThatThrownBy(publisher::rollback).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v1 is the first version that served");
        publisher.publish(ModelFixtures.untrained(2, 0.90), "v2");
        publisher.publish(ModelFixtures.untrained(3, 0.85), "v3");

        try (var a = RegistryModelSource.start(config, ModelPolicy.LATEST, new ClassifierMetrics(new SimpleMeterRegistry()));
             var b = RegistryModelSource.start(config, ModelPolicy.LATEST, new ClassifierMetrics(new SimpleMeterRegistry()));
             var best = RegistryModelSource.start(config, ModelPolicy.BEST, new ClassifierMetrics(new SimpleMeterRegistry()));
             var pinned = RegistryModelSource.start(config, ModelPolicy.pinned(1), new ClassifierMetrics(new SimpleMeterRegistry()))) {
            await(() -> a.servingVersion() == 3 && b.servingVersion() == 3 && best.servingVersion() == 2
                    && pinned.servingVersion() == 1, "latest on v3, best on v2, pinned on v1");

            var rollback = publisher.rollback();
            assertThat(rollback.servingBefore()).isEqualTo(3);
            assertThat(rollback.servingAfter()).isEqualTo(2);
            await(() -> a.servingVersion() == 2 && b.servingVersion() == 2, "fleet rolled back to v2");
            await(() -> best.servingVersion() == 1, "best rolled back from v2 to the best before it, v1");

            publisher.promote(3);
            await(() -> a.servingVersion() == 3 && b.servingVersion() == 3 && best.servingVersion() == 3, "fleet on promoted v3");
            assertThat(pinned.current().version()).as("a pinned instance ignores fleet instructions").isEqualTo("v1");
            assertThatThrownBy(() -> publisher.promote(9)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("No version v9 on " + config.topic() + " (versions: v1, v2, v3)");
        }

        try (var restarted = RegistryModelSource.start(config, ModelPolicy.LATEST, new ClassifierMetrics(new SimpleMeterRegistry()))) {
            assertThat(restarted.awaitReady(WAIT)).isTrue();
            assertThat(restarted.current().version()).as("control records count after a restart too").isEqualTo("v3");
        }
    }

    @Test
    void shouldGiveConcurrentPublishersDistinctConsecutiveVersions(TestInfo test) throws Exception {
        RegistryConfig config = config(test);
        byte[] artifact = ModelFixtures.untrained(5, 0.8);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> versions = Collections.synchronizedList(new ArrayList<>());
        try {
            Callable<Void> publishThree = () -> {
                ModelPublisher publisher = new ModelPublisher(config);
                for (int i = 0; i < 3; i++) {
                    versions.add(publisher.publish(artifact, "concurrent").version());
                }
                return null;
            };
            List<Future<Void>> done = pool.invokeAll(List.of(publishThree, publishThree));
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        try (RegistryReader reader = new RegistryReader(config, WAIT)) {
            reader.catchUp(WAIT);
            assertThat(reader.log().versions()).containsOnlyKeys(1, 2, 3, 4, 5, 6);
            assertThat(reader.log().rejected()).isEmpty();
        }
    }

    @Test
    void shouldRoundTripA20MegabyteArtifact(TestInfo test) throws Exception {
        RegistryConfig config = config(test).withSigningKey(Optional.of(KEY));
        byte[] big = ModelFixtures.wide(7200);
        assertThat(big.length).as("well above the broker's 1 MB default record limit").isGreaterThan(20_000_000);

        Manifest manifest = new ModelPublisher(config).publish(big, "big");

        assertThat(manifest.chunks()).isEqualTo(Chunks.count(big.length, Chunks.DEFAULT_BYTES));
        try (RegistryReader reader = new RegistryReader(config, WAIT)) {
            reader.catchUp(WAIT);
            VerifiedVersion v1 = reader.log().version(1).orElseThrow();
            assertThat(v1.bytes()).isEqualTo(big);
            assertThat(ModelArtifact.sha256(v1.bytes())).isEqualTo(manifest.sha256());
            assertThat(v1.artifact().metadata().networkSha256()).isEqualTo(ModelArtifact.fromBytes(big, "big").metadata().networkSha256());
        }
        try (var source = RegistryModelSource.start(config, ModelPolicy.LATEST, new ClassifierMetrics(new SimpleMeterRegistry()))) {
            assertThat(source.awaitReady(WAIT)).isTrue();
            assertSamePredictions(source, big);
        }
    }

    /** The serving model predicts exactly what the published artifact does when loaded from its bytes. */
    private static void assertSamePredictions(RegistryModelSource source, byte[] artifact) {
        byte[] images = new byte[8 * Predictor.PIXELS];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) (i * 31 + i / 784);
        }
        float[] expected = ModelArtifact.fromBytes(artifact, "expected").predictor().predict(images, 0, 8);
        assertThat(source.current().predictor().predict(images, 0, 8)).containsExactly(expected);
    }

    /** Writes version {@code version} signed and complete, then flips one byte of a chunk, as a broken disk or proxy might. */
    private static void publishCorrupted(RegistryConfig config, int version, byte[] artifact) {
        Manifest manifest = new Manifest(Manifest.FORMAT, version, artifact.length, ModelArtifact.sha256(artifact),
                Chunks.count(artifact.length, Chunks.DEFAULT_BYTES), Chunks.DEFAULT_BYTES, "m", "mlp", 0.99, "t", "it");
        var records = RegistryRecords.version(config.topic(), manifest, artifact, config.signingKey());
        records.get(0).value()[artifact.length / 3] ^= 0x10;
        try (var producer = new KafkaProducer<>(KafkaSettings.producer(config.kafka()), new StringSerializer(),
                new ByteArraySerializer())) {
            records.forEach(producer::send);
        }
    }

    private static RegistryConfig config(TestInfo test) {
        return RegistryConfig.of(kafka.clientProperties()).withTopic("models-" + test.getTestMethod().orElseThrow().getName());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
