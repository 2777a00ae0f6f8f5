package io.fashionstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(BrokerConfig.defaults())) {
            try (TopicAdmin admin = new TopicAdmin(kafka.clientProperties())) {
                assertThat(admin.ensure(List.of(TopicSpec.of("tx-test", 2)))).containsExactly("tx-test");
                assertThat(admin.ensure(List.of(TopicSpec.of("tx-test", 2)))).isEmpty();
            }
            try (var producer = new KafkaProducer<>(KafkaSettings.transactionalProducer(kafka.clientProperties(), "it-tx"),
                    new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                send(producer, "committed", 10);
                producer.commitTransaction();
                send(producer, "aborted", 5);
                producer.abortTransaction();
            }

            List<String> seen = readAll(kafka, "tx-test", 10);

            assertThat(seen).hasSize(10).allMatch(v -> v.startsWith("committed-"));
        }
    }

    @Test
    void shouldKeepRecordsAcrossARestartOnTheSameDataDir() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(TMP), "kafka-data-");
        BrokerConfig config = BrokerConfig.defaults().withDataDir(dataDir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
            try (TopicAdmin admin = new TopicAdmin(kafka.clientProperties())) {
                admin.ensure(List.of(TopicSpec.of("durable", 1)));
            }
            try (var producer = new KafkaProducer<>(KafkaSettings.producer(kafka.clientProperties()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("durable", "k" + i, "before-restart-" + i));
                }
            }
        }
        assertThat(dataDir).isDirectory();

        try (EmbeddedKafka again = EmbeddedKafka.start(config)) {
            assertThat(readAll(again, "durable", 3)).containsExactly("before-restart-0", "before-restart-1",
                    "before-restart-2");
        }
    }

    @Test
    void shouldDeleteItsTemporaryLogDirOnClose() {
        EmbeddedKafka kafka = EmbeddedKafka.start(BrokerConfig.defaults());
        Path logDir = kafka.logDir();
        assertThat(logDir.resolve("meta.properties")).isRegularFile();

        kafka.close();
        kafka.close();

        assertThat(logDir).doesNotExist();
    }

    private static void send(KafkaProducer<String, String> producer, String prefix, int n) {
        producer.beginTransaction();
        for (int i = 0; i < n; i++) {
            producer.send(new ProducerRecord<>("tx-test", "k" + i, prefix + "-" + i));
        }
    }

    /** Polls until {@code expected} values arrived or 30 s passed, then polls 1 s more to catch extras. */
    private static List<String> readAll(EmbeddedKafka kafka, String topic, int expected) {
        Properties props = KafkaSettings.consumer(kafka.clientProperties());
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                values.add(r.value());
            }
        }
        return values;
    }
}
