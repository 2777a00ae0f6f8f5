package io.fashionstream.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.kafka.TopicSpec;
import io.fashionstream.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code consume}: prints predictions (or dead letters) as they arrive, with a running accuracy. Reads
 * every partition without a consumer group (nothing is committed), under {@code read_committed}.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Print predictions as they arrive, one line each, with a running accuracy when the images "
            + "were labelled; or, with --dead-letters, the records that could not be classified and why."})
final class ConsumeCommand implements Callable<Integer> {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", description = "Topic (default: " + Topics.PREDICTIONS + ", or "
            + Topics.DEAD_LETTERS + " with --dead-letters)")
    String topic;

    @Option(names = "--dead-letters", description = "Read the dead-letter topic: key, reason and source of each record")
    boolean deadLetters;

    @Option(names = "--from-beginning", description = "Start at the oldest record (default: only new ones)")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records")
    Long max;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this many seconds without a record (default: never)")
    double timeout;

    @Option(names = "--json", description = "Print each value as JSON, one per line (summary goes to stderr)")
    boolean json;

    private long received;

    @Override
    public Integer call() {
        if (max != null && max < 1 || timeout < 0 || Double.isNaN(timeout)) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1 and --timeout 0 or more");
        }
        String t = topic != null ? topic : deadLetters ? Topics.DEAD_LETTERS : Topics.PREDICTIONS;
        Properties props = KafkaSettings.withDefaults(kafka.properties(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        ConsumeFormat format = new ConsumeFormat(Charset.defaultCharset());
        CountDownLatch done = new CountDownLatch(1);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            Thread hook = new Thread(() -> stopAndWait(consumer, done), "consume-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                assign(consumer, t);
                loop(consumer, format);
            } catch (WakeupException e) {
                // Ctrl-C: the hook woke us up and waits for the summary below
            } finally {
                removeHook(hook);
            }
            summarize(format);
        } finally {
            done.countDown();
        }
        return 0;
    }

    /** Prints records until --max of them or --timeout idle seconds. */
    private void loop(KafkaConsumer<String, byte[]> consumer, ConsumeFormat format) {
        PrintWriter out = spec.commandLine().getOut();
        long idleSince = System.nanoTime();
        long idleLimit = (long) (timeout * 1e9);
        while (max == null || received < max) {
            var records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, byte[]> r : records) {
                out.println(line(r, format));
                if (++received >= (max == null ? Long.MAX_VALUE : max)) {
                    break;
                }
            }
            out.flush();
            if (!records.isEmpty()) {
                idleSince = System.nanoTime();
            } else if (idleLimit > 0 && System.nanoTime() - idleSince >= idleLimit) {
                break;
            }
        }
    }

    private String line(ConsumerRecord<String, byte[]> r, ConsumeFormat format) {
        if (deadLetters) {
            return json ? ConsumeFormat.deadLetterJson(r) : ConsumeFormat.deadLetter(r);
        }
        return json ? new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8)
                : format.prediction(r);
    }

    /** All partitions of the topic, from the start or the current end; the system's own topics are created if missing. */
    private void assign(KafkaConsumer<String, byte[]> consumer, String t) {
        List<PartitionInfo> infos = partitions(consumer, t);
        if (infos.isEmpty()) {
            TopicSpec known = t.equals(Topics.DEAD_LETTERS) ? Topics.deadLetters()
                    : t.equals(Topics.PREDICTIONS) ? Topics.predictions() : null;
            if (known == null) {
                throw new IllegalArgumentException("topic " + t + " does not exist at " + kafka.bootstrapServers());
            }
            try (TopicAdmin admin = new TopicAdmin(kafka.properties())) {
                admin.ensure(List.of(known));
            }
            infos = partitions(consumer, t);
        }
        List<TopicPartition> tps = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(tps);
        if (fromBeginning) {
            consumer.seekToBeginning(tps);
        } else {
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position); // fix "the end" now, not at the first poll
        }
    }

    private List<PartitionInfo> partitions(KafkaConsumer<String, byte[]> consumer, String t) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(t, METADATA_TIMEOUT);
            return infos == null ? List.of() : infos;
        } catch (TimeoutException e) {
            throw new KafkaException("no answer from Kafka at " + kafka.bootstrapServers() + " within "
                    + METADATA_TIMEOUT.toSeconds() + " s (is a broker running? `fashion-stream broker` starts one)");
        }
    }

    private void summarize(ConsumeFormat format) {
        PrintWriter to = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        to.println("-- " + (deadLetters ? received + " dead letters" : json ? received + " records" : format.summary()));
        to.flush();
    }

    /** On Ctrl-C: interrupt the poll, then let the main thread print its summary before the JVM exits. */
    private static void stopAndWait(KafkaConsumer<?, ?> consumer, CountDownLatch done) {
        consumer.wakeup();
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook will find the latch released
        }
    }
}
