package io.fashionstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.kafka.Topics;
import io.fashionstream.model.Evaluation;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.testing.TestData;
import io.fashionstream.testing.TestModels;

/**
 * The classifier's end-to-end guarantees on a real broker, with the real test set and a real model. Each
 * subclass supplies a broker (in-process, or a container); each test uses its own topics and application id.
 */
abstract class ClassifierScenarios {
    private static final AtomicInteger RUN = new AtomicInteger();
    static ModelArtifact artifact;
    static Path artifactFile;
    static LabelledImages test;

    /** {@code host:port} of the broker under test. */
    abstract String bootstrapServers();

    @BeforeAll
    static void loadModelAndData() {
        artifactFile = TestModels.shippedFile().toAbsolutePath();
        artifact = ModelArtifact.load(artifactFile);
        test = TestData.test();
    }

    Properties client() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Fresh topics and application id for one test, so tests sharing a broker cannot see each other. */
    ClassifierConfig freshConfig(String name) {
        String run = name + "-" + ProcessHandle.current().pid() + "-" + RUN.incrementAndGet();
        return ClassifierConfig.defaults().withApplicationId("it-" + run)
                .withTopics("images-" + run, "predictions-" + run, "dead-letters-" + run)
                .withStateDir(TestData.scratch("it-state").resolve(run))
                .withKafkaProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }


    static ProducerRecord<byte[], byte[]> image(String topic, int i) {
        var headers = new RecordHeaders().add(Topics.LABEL_HEADER, new byte[] {(byte) ('0' + test.label(i))});
        return new ProducerRecord<>(topic, null, ("test-" + i).getBytes(StandardCharsets.UTF_8), test.image(i), headers);
    }

    KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(KafkaSettings.producer(client()), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @ParameterizedTest(name = "inference threads {0}")
    @ValueSource(ints = {0, 2})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldClassifyAllTenThousandTestImagesWithTheAccuracyOfEvaluate(int inferenceThreads) throws Exception {
        ClassifierConfig config = freshConfig("all").withStreamThreads(2).withInferenceThreads(inferenceThreads);
        double expected = Evaluation.of(artifact.predictor(), test).accuracy();
        var model = TestModels.serving(artifact);

        try (var service = new ClassifierService(config, ModelSource.fixed(model), new SimpleMeterRegistry())) {
            service.start();
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).as("classifier running").isTrue();
            try (var producer = producer()) {
                for (int i = 0; i < test.size(); i++) {
                    producer.send(image(config.inputTopic(), i));
                }
            }
            try (Outputs outputs = new Outputs(client(), config)) {
                outputs.awaitAtLeast(test.size(), Duration.ofMinutes(3));
                outputs.drain(Duration.ofSeconds(2));

                assertThat(outputs.deadLetters).isEmpty();
                assertThat(outputs.predictions).hasSize(test.size());
                Set<String> ids = new HashSet<>(outputs.ids());
                assertThat(ids).hasSize(test.size());
                for (int i = 0; i < test.size(); i++) {
                    assertThat(ids).contains("test-" + i);
                }
                long correct = outputs.predictions.stream().filter(p -> p.label() == p.trueLabel()).count();
                assertThat(outputs.predictions).allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(model.version()));
                assertThat((double) correct / test.size()).as("online accuracy = evaluate's").isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "inference threads {0}")
    @ValueSource(ints = {0, 2})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldNeitherLoseNorDuplicateOutputWhenTheClassifierIsKilledMidStream(int inferenceThreads) throws Exception {
        String threads = Integer.toString(inferenceThreads);
        ClassifierConfig config = freshConfig("kill");
        ClassifierTopics.ensure(config);
        int total = 6000;
        List<String> expected = new ArrayList<>();
        Thread producing = new Thread(() -> produceSlowly(config, total, expected), "it-producer");
        try (Outputs outputs = new Outputs(client(), config)) {
            // Big, slow batches: at the kill, hundreds of images wait in the (committed) buffer of each task.
            // With inference threads, a task's 500-image batch runs while its stream thread commits the images after it.
            Process first = classifier(config, "first", "--batch-size", "500", "--batch-delay", "60s",
                    "--inference-threads", threads);
            producing.start();
            int beforeKill = outputs.awaitAtLeast(total / 4, Duration.ofMinutes(2));
            Thread.sleep(1000); // half-way to the next 500-image batch of each task
            first.destroyForcibly().waitFor();

            Process second = classifier(config, "second", "--batch-size", "64", "--batch-delay", "100ms",
                    "--inference-threads", threads);
            try {
                producing.join();
                outputs.awaitAtLeast(total, Duration.ofMinutes(3));
                outputs.drain(Duration.ofSeconds(3));
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
                second.destroyForcibly();
            }

            assertThat(beforeKill).as("killed mid-stream").isGreaterThanOrEqualTo(total / 4).isLessThan(total);
            List<String> ids = outputs.ids();
            assertThat(ids).as("every input exactly once: a prediction or a dead letter")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(outputs.deadLetters).hasSize(total / 100);
            assertThat(Files.readString(log(config, "second"))).as("the new instance took over waiting images")
                    .contains("images restored into the batch buffer");
        }
    }

    /** Sends {@code total} records (every 100th not an image) at about 500 per second. */
    private void produceSlowly(ClassifierConfig config, int total, List<String> ids) {
        try (var producer = producer()) {
            for (int i = 0; i < total; i++) {
                ProducerRecord<byte[], byte[]> r = image(config.inputTopic(), i % test.size());
                if (i % 100 == 50) {
                    r = new ProducerRecord<>(r.topic(), r.key(), "garbage".getBytes(StandardCharsets.UTF_8));
                }
                String id = "run-" + i;
                producer.send(new ProducerRecord<>(r.topic(), null, id.getBytes(StandardCharsets.UTF_8), r.value(),
                        r.headers()));
                synchronized (ids) {
                    ids.add(id);
                }
                if (i % 100 == 99) {
                    producer.flush();
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path log(ClassifierConfig config, String name) {
        return TestData.scratch("it-logs").resolve(config.applicationId() + "-" + name + ".log");
    }

    /** {@code fashion-stream classify} in a child JVM, as a user runs it; its output goes to a log file. */
    private Process classifier(ClassifierConfig config, String name, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                "-cp", System.getProperty("java.class.path"), "io.fashionstream.cli.Main", "classify",
                "--bootstrap-servers", bootstrapServers(), "--model", artifactFile.toString(),
                "--application-id", config.applicationId(), "--state-dir", config.stateDir().toString(),
                "--input-topic", config.inputTopic(), "--predictions-topic", config.predictionsTopic(),
                "--dead-letter-topic", config.deadLetterTopic(), "--metrics-port", "0",
                // A killed member must leave the group quickly so that the restarted one gets its partitions.
                "--kafka", "session.timeout.ms=6000", "--kafka", "heartbeat.interval.ms=1000"));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(config, name).toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }
}
