package io.fashionstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.BatchRunner;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.Predictor;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.kafka.Topics;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.testing.TestData;
import io.fashionstream.testing.TestModels;

/**
 * The real topology on {@link TopologyTestDriver} with the network on inference threads: a real thread pool, held
 * back where a test needs a batch to be still running by a task queued before it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PipelinedClassificationTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static ServingModel model;
    static LabelledImages images;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final CountDownLatch gate = new CountDownLatch(1);
    BatchRunner runner;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<String, Prediction> predictions;
    TestOutputTopic<byte[], byte[]> deadLetters;
    TestOutputTopic<Long, byte[]> changelog;

    @BeforeAll
    static void loadModel() {
        model = TestModels.serving(TestModels.tiny());
        images = TestData.test().slice(0, 100);
    }

    /** One inference thread that runs nothing until {@link #gate} opens. */
    void startHeldBack(int batchSize) {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.submit(() -> {
            gate.await();
            return null;
        });
        start(BatchRunner.on(executor), batchSize, Duration.ofMinutes(1));
    }

    void start(BatchRunner runner, int batchSize, Duration delay) {
        this.runner = runner;
        ClassifierConfig config = ClassifierConfig.defaults().withBatch(batchSize, delay)
                .withStateDir(TestData.scratch("pipelined-test-state"));
        driver = new TopologyTestDriver(ClassificationTopology.build(config, ModelSource.fixed(model), runner,
                new ClassifierMetrics(registry)), config.streamsProperties(), START);
        input = driver.createInputTopic(Topics.IMAGES, new ByteArraySerializer(), new ByteArraySerializer(), START,
                Duration.ofMillis(1));
        predictions = driver.createOutputTopic(Topics.PREDICTIONS, new StringDeserializer(), new PredictionSerde());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        changelog = driver.createOutputTopic(ClassifierConfig.DEFAULT_APPLICATION_ID + "-"
                + ClassificationTopology.BUFFER_STORE + "-changelog", new LongDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        gate.countDown();
        if (driver != null) {
            driver.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    void send(String id, byte[] value) {
        input.pipeInput(id.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Lets the wall clock run (punctuations forward finished batches) until {@code n} predictions have come. */
    List<Prediction> awaitPredictions(int n) throws InterruptedException {
        List<Prediction> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.size() < n && System.nanoTime() < deadline) {
            driver.advanceWallClockTime(Duration.ofMillis(1));
            out.addAll(predictions.readValuesToList());
            Thread.sleep(1);
        }
        return out;
    }

    @Test
    void shouldGoOnReadingWhileABatchRunsAndForwardItOnceItIsDone() throws InterruptedException {
        startHeldBack(4);

        for (int i = 0; i < 7; i++) {
            send("img-" + i, images.image(i));
        }

        assertThat(predictions.isEmpty()).as("the first batch is still running").isTrue();
        assertThat(changelog.readKeyValuesToList()).as("all seven, including the running batch's, are in the buffer")
                .extracting(kv -> kv.key, kv -> kv.value != null)
                .containsExactly(tuple(0L, true), tuple(1L, true), tuple(2L, true), tuple(3L, true), tuple(4L, true),
                        tuple(5L, true), tuple(6L, true));

        gate.countDown();
        assertThat(awaitPredictions(4)).extracting(Prediction::id).containsExactly("img-0", "img-1", "img-2", "img-3");
        assertThat(changelog.readKeyValuesToList()).as("the forwarded batch leaves the buffer")
                .filteredOn(kv -> kv.value == null).extracting(kv -> kv.key).containsExactly(0L, 1L, 2L, 3L);

        send("img-7", images.image(7));
        assertThat(awaitPredictions(4)).as("the next full batch runs as soon as the first is out")
                .extracting(Prediction::id).containsExactly("img-4", "img-5", "img-6", "img-7");
    }

    @Test
    void shouldWaitForTheRunningBatchWhenTheNextOneIsDue() throws InterruptedException {
        startHeldBack(2);
        send("img-0", images.image(0));
        send("img-1", images.image(1)); // the first batch: held back
        send("img-2", images.image(2));
        assertThat(predictions.isEmpty()).as("read on with the first batch running").isTrue();

        AtomicBoolean opened = new AtomicBoolean();
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            opened.set(true);
            gate.countDown();
        });
        opener.start();
        send("img-3", images.image(3)); // the second batch is full: waits for the first

        assertThat(opened).as("the stream thread waited for the running batch").isTrue();
        List<Prediction> out = new ArrayList<>(predictions.readValuesToList()); // the second may be done already
        assertThat(out).extracting(Prediction::id).startsWith("img-0", "img-1");
        out.addAll(awaitPredictions(4 - out.size()));
        assertThat(out).extracting(Prediction::id).as("then ran the second")
                .containsExactly("img-0", "img-1", "img-2", "img-3");
        opener.join();
    }

    @Test
    void shouldLeaveTheRunningBatchInTheBufferWhenTheTaskCloses() {
        startHeldBack(4);
        for (int i = 0; i < 4; i++) {
            send("img-" + i, images.image(i));
        }
        List<KeyValue<Long, byte[]>> buffered = changelog.readKeyValuesToList();

        driver.close(); // does not wait for the held-back batch (the test's timeout would fail it)
        driver = null;

        assertThat(buffered).as("whoever restores the task finds the four images in the buffer's changelog")
                .extracting(kv -> kv.key, kv -> kv.value != null)
                .containsExactly(tuple(0L, true), tuple(1L, true), tuple(2L, true), tuple(3L, true));
    }

    @Test
    void shouldAccountForEveryInputWithTheSamePredictionsAsOnTheStreamThread() throws InterruptedException {
        start(BatchRunner.pool(2), 16, Duration.ofMillis(20));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sent.add("mixed-" + i);
            send("mixed-" + i, i % 7 == 3 ? "not an image".getBytes(StandardCharsets.UTF_8) : images.image(i));
        }
        List<Prediction> out = awaitPredictions(51);

        List<String> ids = new ArrayList<>(out.stream().map(Prediction::id).toList());
        deadLetters.readKeyValuesToList().forEach(kv -> ids.add(new String(kv.key, StandardCharsets.UTF_8)));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(sent);
        float[] expected = model.predictor().predict(images.pixels(), 0, 60);
        for (Prediction p : out) {
            int i = Integer.parseInt(p.id().substring("mixed-".length()));
            assertThat(p.label()).as(p.id()).isEqualTo(Predictor.argmax(expected, i * Predictor.CLASSES));
            assertThat(p.probability()).as(p.id()).isCloseTo(expected[i * Predictor.CLASSES + p.label()], within(1e-5));
        }
        assertThat(registry.get("classifier.records").tag("outcome", "classified").counter().count()).isEqualTo(51);
        assertThat(registry.get("classifier.batch.size").summary().count()).as("batches").isGreaterThanOrEqualTo(4);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
