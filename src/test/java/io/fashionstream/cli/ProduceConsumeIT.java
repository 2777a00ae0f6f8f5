package io.fashionstream.cli;

import static io.fashionstream.cli.Run.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.imageio.ImageIO;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.kafka.TopicSpec;
import io.fashionstream.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code produce} and {@code consume} through {@link Main#commandLine()} against a real broker. */
class ProduceConsumeIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(BrokerConfig.defaults());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldSendFiftyTestImagesWithIdsAndLabelHeaders() {
        Run run = run("produce", "--limit", "50", "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("sent 50 images to " + Topics.IMAGES);
        List<ConsumerRecord<String, byte[]>> records = readAll(Topics.IMAGES, 50);
        LabelledImages test = DatasetLocator.standard(Optional.empty()).locate().test();
        assertThat(records).hasSize(50);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(ids("test-%05d", 0, 50));
        for (ConsumerRecord<String, byte[]> r : records) {
            int index = Integer.parseInt(r.key().substring("test-".length()));
            assertThat(r.value()).as(r.key()).isEqualTo(test.image(index));
            assertThat(new String(r.headers().lastHeader(Topics.LABEL_HEADER).value(), StandardCharsets.US_ASCII))
                    .as(r.key()).isEqualTo(String.valueOf(test.label(index)));
        }
    }

    @Test
    void shouldSendTheImageFilesOfAFolderKeyedByFileName() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "produce-files-it"));
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("a.png").toFile());
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve("b.JPG").toFile());
        Files.writeString(dir.resolve("notes.txt"), "not an image");

        Run run = run("produce", "--files", dir.toString(), "--topic", "files-it",
                "--bootstrap-servers", kafka.bootstrapServers(), "--no-progress");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records = readAll("files-it", 2);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("a.png", "b.JPG");
        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(r.value()).isEqualTo(Files.readAllBytes(dir.resolve(r.key())));
            assertThat(r.headers().lastHeader(Topics.LABEL_HEADER)).isNull();
        }
    }

    @Test
    void shouldPrintCommittedPredictionsWithRunningAccuracy() throws Exception {
        ensure(TopicSpec.of("predictions-it", 1));
        try (var producer = new KafkaProducer<>(KafkaSettings.transactionalProducer(kafka.clientProperties(),
                "predictions-it"), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("predictions-it", "test-00000", prediction("test-00000", 9, 9)));
            producer.send(new ProducerRecord<>("predictions-it", "test-00001", prediction("test-00001", 2, 4)));
            producer.send(new ProducerRecord<>("predictions-it", "test-00002", prediction("test-00002", 1, 1)));
            producer.send(new ProducerRecord<>("predictions-it", "img.png",
                    "{\"id\":\"img.png\",\"label\":7,\"class\":\"Sneaker\",\"probability\":0.8,\"modelVersion\":\"v1\"}"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("predictions-it", "aborted-1", prediction("aborted-1", 0, 0)));
            producer.abortTransaction();
        }

        Run run = run("consume", "--topic", "predictions-it", "--from-beginning", "--timeout", "5",
                "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> !l.startsWith("--")))
                .hasSize(4)
                .anySatisfy(l -> assertThat(l).startsWith("test-00000").contains("Ankle boot").contains("(1/1)"))
                .anySatisfy(l -> assertThat(l).startsWith("test-00001").contains("Pullover").contains("Coat")
                        .contains("acc 50.00% (1/2)"))
                .anySatisfy(l -> assertThat(l).startsWith("img.png").contains("Sneaker").contains("80.0%"));
        assertThat(run.out()).doesNotContain("aborted-1")
                .contains("-- 4 predictions; accuracy 66.67% (2/3 labelled)");
    }

    @Test
    void shouldPrintDeadLettersWithTheirReason() {
        ensure(TopicSpec.of("dlq-it", 1));
        try (var producer = new KafkaProducer<>(KafkaSettings.producer(kafka.clientProperties()),
                new StringSerializer(), new StringSerializer())) {
            var r = new ProducerRecord<>("dlq-it", "bad-7", "hello");
            r.headers().add("dlq.reason", "NOT_AN_IMAGE".getBytes(StandardCharsets.UTF_8))
                    .add("dlq.message", "neither 784 bytes nor an image".getBytes(StandardCharsets.UTF_8))
                    .add("dlq.topic", Topics.IMAGES.getBytes(StandardCharsets.UTF_8))
                    .add("dlq.partition", "1".getBytes(StandardCharsets.UTF_8))
                    .add("dlq.offset", "42".getBytes(StandardCharsets.UTF_8));
            producer.send(r);
        }

        Run run = run("consume", "--dead-letters", "--topic", "dlq-it", "--from-beginning", "--max", "1",
                "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("bad-7  reason=NOT_AN_IMAGE  \"neither 784 bytes nor an image\"  from "
                + Topics.IMAGES + "-1@42  (5 bytes)").contains("-- 1 dead letters");
    }

    @Test
    void shouldRefuseAnUnknownTopicInOneLine() {
        Run run = run("consume", "--topic", "no-such-topic", "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("error: topic no-such-topic does not exist at " + kafka.bootstrapServers());
    }

    private static String prediction(String id, int label, int trueLabel) {
        String[] names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
            "Ankle boot"};
        return "{\"id\":\"" + id + "\",\"label\":" + label + ",\"class\":\"" + names[label]
                + "\",\"probability\":0.9,\"probabilities\":[0.1,0,0,0,0,0,0,0,0,0.9],\"modelVersion\":\"mlp-1\","
                + "\"trueLabel\":" + trueLabel + ",\"timestamps\":{\"in\":1}}";
    }

    private static void ensure(TopicSpec topic) {
        try (TopicAdmin admin = new TopicAdmin(kafka.clientProperties())) {
            admin.ensure(List.of(topic));
        }
    }

    private static List<String> ids(String format, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(String.format(format, i));
        }
        return ids;
    }

    /** Every record of the topic, waiting up to 30 s for {@code expected} of them, then 1 s for extras. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        Properties props = KafkaSettings.consumer(kafka.clientProperties());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }
}
