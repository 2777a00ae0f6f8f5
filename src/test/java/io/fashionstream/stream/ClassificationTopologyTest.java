package io.fashionstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fashionstream.data.FashionClass;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.BatchRunner;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.Predictor;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.kafka.Topics;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.testing.TestData;
import io.fashionstream.testing.TestImages;
import io.fashionstream.testing.TestModels;

/** The real topology on {@link TopologyTestDriver}, with a small real model and real test images. */
class ClassificationTopologyTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static ModelArtifact artifact;
    static ServingModel model;
    static LabelledImages images;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BatchRunner runner = BatchRunner.callingThread();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<String, Prediction> predictions;
    TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeAll
    static void loadModel() {
        artifact = TestModels.tiny();
        model = TestModels.serving(artifact);
        images = TestData.test().slice(0, 200);
    }

    void start(ClassifierConfig config, ModelSource source) {
        ClassifierConfig local = config.withStateDir(TestData.scratch("topology-test-state"));
        driver = new TopologyTestDriver(ClassificationTopology.build(local, source, runner, new ClassifierMetrics(registry)),
                local.streamsProperties(), START);
        input = driver.createInputTopic(Topics.IMAGES, new ByteArraySerializer(), new ByteArraySerializer(), START,
                Duration.ofMillis(1));
        predictions = driver.createOutputTopic(Topics.PREDICTIONS, new StringDeserializer(), new PredictionSerde());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        runner.close();
    }

    static ClassifierConfig batches(int size, Duration delay) {
        return ClassifierConfig.defaults().withBatch(size, delay);
    }

    void send(String id, byte[] value) {
        input.pipeInput(id == null ? null : id.getBytes(StandardCharsets.UTF_8), value);
    }

    void sendLabelled(int i) {
        var headers = new RecordHeaders().add(Topics.LABEL_HEADER, new byte[] {(byte) ('0' + images.label(i))});
        input.pipeInput(new TestRecord<>(("img-" + i).getBytes(StandardCharsets.UTF_8), images.image(i), headers,
                (Instant) null));
    }

    /** The batch buffer's changelog topic: input offset -> serialized image, null once classified. */
    TestOutputTopic<Long, byte[]> bufferChangelog() {
        return driver.createOutputTopic(ClassifierConfig.DEFAULT_APPLICATION_ID + "-"
                + ClassificationTopology.BUFFER_STORE + "-changelog", new LongDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void shouldHoldImagesInAPersistedBufferUntilTheBatchIsFull() {
        start(batches(8, Duration.ofMinutes(1)), ModelSource.fixed(model));
        var changelog = bufferChangelog();

        for (int i = 0; i < 7; i++) {
            send("img-" + i, images.image(i));
        }

        assertThat(predictions.isEmpty()).as("7 of 8 images: no batch yet").isTrue();
        assertThat(changelog.readKeyValuesToList()).as("waiting images are written to Kafka, not only kept in memory")
                .hasSize(7);

        send("img-7", images.image(7));

        assertThat(predictions.readRecordsToList()).extracting(TestRecord::key)
                .containsExactly("img-0", "img-1", "img-2", "img-3", "img-4", "img-5", "img-6", "img-7");
        var buffer = new java.util.TreeMap<Long, byte[]>();
        changelog.readKeyValuesToList().forEach(kv -> buffer.put(kv.key, kv.value));
        assertThat(buffer).as("classified images leave the buffer (tombstones)").hasSize(8)
                .allSatisfy((offset, value) -> assertThat(value).isNull());
        assertThat(registry.get("classifier.batch.size").summary().count()).as("one batch").isEqualTo(1);
        assertThat(registry.get("classifier.batch.size").summary().max()).isEqualTo(8);
    }

    @Test
    void shouldWriteOnlyATombstoneForAnImageClassifiedBeforeTheNextCommit() {
        // The driver commits after every input record; the 4th image fills the batch inside its own process() call,
        // so its put and delete meet in the store's record cache and reach the changelog as one tombstone.
        start(batches(4, Duration.ofMinutes(1)), ModelSource.fixed(model));
        var changelog = bufferChangelog();

        for (int i = 0; i < 4; i++) {
            send("img-" + i, images.image(i));
        }

        var records = changelog.readKeyValuesToList();
        assertThat(records).filteredOn(kv -> kv.value != null).extracting(kv -> kv.key)
                .as("images that waited across a commit were written; the last one never was").containsExactly(0L, 1L, 2L);
        assertThat(records).filteredOn(kv -> kv.value == null).extracting(kv -> kv.key)
                .as("all four leave the buffer").containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        assertThat(predictions.readRecordsToList()).hasSize(4);
    }

    @Test
    void shouldFlushAPartialBatchWhenItsOldestImageHasWaitedTheMaxDelay() {
        start(batches(64, Duration.ofMillis(200)), ModelSource.fixed(model));
        for (int i = 0; i < 3; i++) {
            send("early-" + i, images.image(i));
        }
        driver.advanceWallClockTime(Duration.ofMillis(100));
        send("late-0", images.image(3));
        send("late-1", images.image(4));

        driver.advanceWallClockTime(Duration.ofMillis(99));
        assertThat(predictions.isEmpty()).as("oldest has waited 199 ms of 200").isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(1));
        assertThat(predictions.readKeyValuesToList()).as("the whole partial batch leaves together")
                .extracting(kv -> kv.key).containsExactly("early-0", "early-1", "early-2", "late-0", "late-1");
    }

    @Test
    void shouldNotCountABatchRunInsideProcessAsWaitingTimeOfTheImagesAfterIt() {
        // Kafka Streams, like the driver, hands a run of process() calls one cached wall-clock time. A full batch
        // that takes 300 ms inside process() must not make the image after it look 300 ms older than it is.
        AtomicBoolean slow = new AtomicBoolean();
        start(batches(2, Duration.ofMillis(100)), () -> {
            if (slow.get()) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return model;
        });
        slow.set(true);
        send("first", images.image(0));
        send("second", images.image(1));
        slow.set(false);
        send("after", images.image(2));

        assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("first", "second");
        assertThat(registry.get("classifier.latency").timer().max(TimeUnit.MILLISECONDS))
                .as("the batch's 300 ms count in its images' latency").isGreaterThanOrEqualTo(299);

        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(predictions.isEmpty()).as("'after' entered once the batch was done: 100 ms of its max delay "
                + "have not passed").isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(400));
        assertThat(predictions.readKeyValuesToList()).as("due 100 ms after the batch ended").extracting(kv -> kv.key)
                .containsExactly("after");
    }

    @Test
    void shouldWriteOnePredictionJsonPerImageWithTheDocumentedFields() throws Exception {
        start(batches(1, Duration.ofMillis(50)), ModelSource.fixed(model));
        var raw = driver.createOutputTopic(Topics.PREDICTIONS, new StringDeserializer(), new ByteArrayDeserializer());
        float[] expected = artifact.predictor().predict(images.pixels(), 0, 1);

        sendLabelled(0);
        send("no-label", images.image(0));

        List<TestRecord<String, byte[]>> out = raw.readRecordsToList();
        JsonNode json = new ObjectMapper().readTree(out.get(0).value());
        assertThat(out.get(0).key()).isEqualTo("img-0");
        assertThat(iterable(json.fieldNames())).containsExactly("id", "label", "class", "probability", "probabilities",
                "modelVersion", "trueLabel");
        int label = json.get("label").asInt();
        assertThat(json.get("id").asText()).isEqualTo("img-0");
        assertThat(label).as("the model's own answer").isEqualTo(Predictor.argmax(expected, 0));
        assertThat(json.get("class").asText()).isEqualTo(FashionClass.ofLabel(label).displayName());
        assertThat(json.get("probabilities")).hasSize(10);
        double sum = 0;
        double max = 0;
        for (JsonNode p : json.get("probabilities")) {
            sum += p.asDouble();
            max = Math.max(max, p.asDouble());
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        assertThat(json.get("probability").asDouble()).isEqualTo(json.get("probabilities").get(label).asDouble())
                .isEqualTo(max);
        assertThat(json.get("probability").asDouble()).isCloseTo(expected[label], within(1e-6));
        assertThat(json.get("modelVersion").asText()).isEqualTo(model.version());
        assertThat(json.get("trueLabel").asInt()).isEqualTo(images.label(0));
        assertThat(new ObjectMapper().readTree(out.get(1).value()).has("trueLabel")).as("no label header, no trueLabel")
                .isFalse();
    }

    @Test
    void shouldNameKeylessImagesByTheirSourcePosition() {
        start(batches(2, Duration.ofMillis(50)), ModelSource.fixed(model));

        send(null, images.image(0));
        send(null, images.image(1));

        assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.id())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fashion.images-0-0", "fashion.images-0-0"),
                        org.assertj.core.groups.Tuple.tuple("fashion.images-0-1", "fashion.images-0-1"));
    }

    @Test
    void shouldKeepImagesWaitingUntilAModelIsLoaded() {
        AtomicReference<ServingModel> loaded = new AtomicReference<>();
        start(batches(4, Duration.ofMillis(100)), loaded::get);

        for (int i = 0; i < 6; i++) {
            send("img-" + i, images.image(i));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(predictions.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).as("waiting for a model is not a reason to dead-letter").isTrue();

        loaded.set(model);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(predictions.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("img-0", "img-1", "img-2", "img-3", "img-4", "img-5");
    }

    @Test
    void shouldClassifyEachBatchWithOneModelVersionAndNameIt() {
        ServingModel v1 = new ServingModel("v1", Double.NaN, artifact.predictor());
        ServingModel v2 = new ServingModel("v2", Double.NaN, artifact.predictor());
        AtomicReference<ServingModel> serving = new AtomicReference<>(v1);
        start(batches(4, Duration.ofMinutes(1)), serving::get);

        for (int i = 0; i < 4; i++) {
            send("a-" + i, images.image(i));
        }
        for (int i = 0; i < 3; i++) {
            send("b-" + i, images.image(i));
        }
        serving.set(v2); // swapped while b-0..b-2 wait in the buffer
        send("b-3", images.image(3));

        assertThat(predictions.readValuesToList()).extracting(Prediction::id, Prediction::modelVersion).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a-0", "v1"), org.assertj.core.groups.Tuple.tuple("a-1", "v1"),
                org.assertj.core.groups.Tuple.tuple("a-2", "v1"), org.assertj.core.groups.Tuple.tuple("a-3", "v1"),
                org.assertj.core.groups.Tuple.tuple("b-0", "v2"), org.assertj.core.groups.Tuple.tuple("b-1", "v2"),
                org.assertj.core.groups.Tuple.tuple("b-2", "v2"), org.assertj.core.groups.Tuple.tuple("b-3", "v2"));
    }

    @Test
    void shouldClassifyPngAndJpegPhotosOfAGarmentLikeItsRawImage() {
        start(batches(50, Duration.ofMillis(50)), ModelSource.fixed(model));
        int n = 50;
        for (int i = 0; i < n; i++) {
            send("raw-" + i, images.image(i));
            send("png-" + i, TestImages.png(TestImages.enlarged(images.image(i), 320, 300, 30, 12, 9)));
            send("jpeg-" + i, TestImages.jpeg(TestImages.photo(images.image(i), 300, 300, 20, 6, 9,
                    new Color(90, 30, 30)), 0.9f));
        }
        driver.advanceWallClockTime(Duration.ofMillis(50));

        var byId = new java.util.HashMap<String, Integer>();
        predictions.readValuesToList().forEach(p -> byId.put(p.id(), p.label()));
        assertThat(byId).hasSize(3 * n);
        int samePng = 0;
        int sameJpeg = 0;
        for (int i = 0; i < n; i++) {
            samePng += byId.get("png-" + i).equals(byId.get("raw-" + i)) ? 1 : 0;
            sameJpeg += byId.get("jpeg-" + i).equals(byId.get("raw-" + i)) ? 1 : 0;
        }
        assertThat(samePng).as("enlarged PNG on white: same class as the raw image").isGreaterThanOrEqualTo(n * 9 / 10);
        assertThat(sameJpeg).as("smooth colour JPEG photo: same class as the raw image").isGreaterThanOrEqualTo(n * 8 / 10);
    }

    @Test
    void shouldAccountForEveryInputAsAPredictionOrADeadLetter() {
        start(batches(16, Duration.ofMillis(20)), ModelSource.fixed(model));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = "mixed-" + i;
            sent.add(id);
            send(id, i % 7 == 3 ? "not an image".getBytes(StandardCharsets.UTF_8) : images.image(i));
        }
        // The driver's clock stands still while the full batches run inside process(); their time counts as passed,
        // so the last partial batch is due 20 ms after they finished.
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        List<String> out = new ArrayList<>();
        predictions.readKeyValuesToList().forEach(kv -> out.add(kv.key));
        deadLetters.readKeyValuesToList().forEach(kv -> out.add(new String(kv.key, StandardCharsets.UTF_8)));
        assertThat(out).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(registry.get("classifier.records").tag("outcome", "classified").counter().count()).isEqualTo(51);
        assertThat(registry.get("classifier.records").tag("reason", "not_an_image").counter().count()).isEqualTo(9);
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

}
