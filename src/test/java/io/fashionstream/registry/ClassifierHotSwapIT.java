package io.fashionstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.Predictor;
import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.kafka.Topics;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.stream.ClassifierConfig;
import io.fashionstream.stream.ClassifierService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The real classifier service swapping model versions from the registry while images stream through it. */
class ClassifierHotSwapIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BEFORE = 1500;
    private static final int AFTER = 1500;
    static EmbeddedKafka kafka;
    static LabelledImages images;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        kafka = EmbeddedKafka.start(BrokerConfig.defaults());
        images = DatasetLocator.standard(Optional.empty()).locate().test().slice(0, BEFORE + AFTER);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldWaitForAVersionThenSwitchEveryLaterPredictionToTheNextWithoutLosingOrDuplicatingAny() throws Exception {
        byte[] v1 = ModelFixtures.trained(1);
        byte[] v2 = ModelFixtures.trained(2);
        RegistryConfig registry = RegistryConfig.of(kafka.clientProperties()).withTopic("swap.models");
        ModelPublisher publisher = new ModelPublisher(registry);
        ClassifierConfig config = ClassifierConfig.defaults().withApplicationId("swap-it")
                .withTopics("swap.images", "swap.predictions", "swap.dlq")
                .withStreamThreads(2)
                .withStateDir(Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "swap-state"))
                .withKafkaProperty("bootstrap.servers", kafka.bootstrapServers());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClassifierMetrics metrics = new ClassifierMetrics(meters);

        Map<String, JsonNode> predictions = new HashMap<>();
        List<JsonNode> arrivalOrder = new ArrayList<>();
        try (RegistryModelSource source = RegistryModelSource.start(registry, ModelPolicy.LATEST, metrics);
             ClassifierService service = new ClassifierService(config, source, metrics);
             KafkaConsumer<String, String> consumer = predictionsConsumer(config)) {
            service.start();
            assertThat(service.state()).as("no version on the topic yet").isEqualTo(ClassifierService.State.WAITING_FOR_MODEL);
            assertThat(service.health().ready()).isFalse();
            publisher.publish(v1, "v1");
            assertThat(service.awaitRunning(WAIT)).isTrue();
            assertThat(service.health().ready()).isTrue();

            send(config.inputTopic(), 0, BEFORE);
            readUntil(consumer, predictions, arrivalOrder, BEFORE / 3); // v1 is demonstrably serving mid-stream
            publisher.publish(v2, "v2");
            awaitServing(source, 2);
            send(config.inputTopic(), BEFORE, BEFORE + AFTER);
            readUntil(consumer, predictions, arrivalOrder, BEFORE + AFTER);
            Thread.sleep(2_000); // a duplicate would arrive after the expected count: give it the chance
            readUntil(consumer, predictions, arrivalOrder, BEFORE + AFTER);
        }

        assertThat(arrivalOrder).as("exactly one prediction per image: none lost, none duplicated").hasSize(BEFORE + AFTER);
        assertThat(predictions.keySet()).isEqualTo(ids(0, BEFORE + AFTER));
        Set<String> sentAfterSwap = ids(BEFORE, BEFORE + AFTER);
        assertThat(sentAfterSwap).allSatisfy(id -> assertThat(predictions.get(id).get("modelVersion").asText()).isEqualTo("v2"));
        long byV1 = predictions.values().stream().filter(p -> p.get("modelVersion").asText().equals("v1")).count();
        assertThat(byV1).as("v1 served the images before the switch").isGreaterThanOrEqualTo(BEFORE / 3);
        assertThat(predictions.values()).allSatisfy(p -> assertThat(p.get("modelVersion").asText()).isIn("v1", "v2"));
        assertOncePerPartitionV2StaysV2(arrivalOrder);
        assertProducedBy(predictions, Map.of("v1", v1, "v2", v2));
    }

    /** Each prediction's probabilities are those of the version it names, computed directly from the artifact. */
    private static void assertProducedBy(Map<String, JsonNode> predictions, Map<String, byte[]> artifacts) {
        Map<String, float[]> expected = new HashMap<>();
        artifacts.forEach((version, bytes) -> expected.put(version,
                ModelArtifact.fromBytes(bytes, version).predictor().predict(images.pixels(), 0, images.size())));
        predictions.forEach((id, p) -> {
            int index = Integer.parseInt(id.substring("img-".length()));
            float[] probs = expected.get(p.get("modelVersion").asText());
            for (int c = 0; c < Predictor.CLASSES; c++) {
                assertThat(p.get("probabilities").get(c).asDouble()).as("%s class %d", id, c)
                        .isCloseTo(probs[index * Predictor.CLASSES + c], within(1e-5));
            }
        });
    }

    /** Within a partition, predictions are in input order: after the first v2 no v1 may follow. */
    private static void assertOncePerPartitionV2StaysV2(List<JsonNode> arrivalOrder) {
        Map<Integer, Boolean> seenV2 = new HashMap<>();
        for (JsonNode p : arrivalOrder) {
            int partition = p.get("_partition").asInt();
            boolean v2 = p.get("modelVersion").asText().equals("v2");
            if (seenV2.getOrDefault(partition, false)) {
                assertThat(v2).as("prediction %s after the switch on partition %d", p.get("id"), partition).isTrue();
            }
            seenV2.merge(partition, v2, Boolean::logicalOr);
        }
    }

    private static void send(String topic, int from, int to) {
        try (var producer = new KafkaProducer<>(KafkaSettings.producer(kafka.clientProperties()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                var record = new ProducerRecord<>(topic, "img-" + i, images.image(i));
                record.headers().add(Topics.LABEL_HEADER, String.valueOf(images.label(i)).getBytes(StandardCharsets.US_ASCII));
                producer.send(record);
            }
        }
    }

    private static KafkaConsumer<String, String> predictionsConsumer(ClassifierConfig config) {
        Properties props = KafkaSettings.consumer(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "swap-it-reader");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(config.predictionsTopic()));
        return consumer;
    }

    private static void readUntil(KafkaConsumer<String, String> consumer, Map<String, JsonNode> byId, List<JsonNode> all,
                                  int count) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        do {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.value());
                node.put("_partition", r.partition());
                all.add(node);
                byId.put(r.key(), node);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + all.size() + " of " + count + " predictions within " + WAIT.toSeconds() + " s");
            }
        } while (all.size() < count);
    }

    private static void awaitServing(RegistryModelSource source, int version) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (source.servingVersion() != version) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("v" + version + " not serving after " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    private static Set<String> ids(int from, int to) {
        Set<String> ids = new HashSet<>();
        for (int i = from; i < to; i++) {
            ids.add("img-" + i);
        }
        return ids;
    }
}
