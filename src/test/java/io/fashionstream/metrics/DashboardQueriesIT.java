package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fashionstream.data.LabelledImages;
import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.kafka.Topics;
import io.fashionstream.model.Architecture;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.TrainingJob;
import io.fashionstream.registry.ModelPolicy;
import io.fashionstream.registry.ModelPublisher;
import io.fashionstream.registry.RegistryConfig;
import io.fashionstream.registry.RegistryModelSource;
import io.fashionstream.registry.SigningKey;
import io.fashionstream.stream.ClassifierConfig;
import io.fashionstream.stream.ClassifierService;
import io.fashionstream.testing.TestData;
import io.fashionstream.testing.TestModels;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The proof that the dashboards work: a real Prometheus scrapes a classifier that classifies real
 * Fashion-MNIST test images on a real broker (plus bad records, so dead-letter series exist) and a trainer
 * that trains a small model and publishes it (so the classifier swaps versions, and an unsigned version is
 * rejected). Then every panel query of every dashboard runs through Prometheus' HTTP API and must return
 * data with a finite value; the alert rules must evaluate without errors against the same data.
 */
class DashboardQueriesIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Map<String, String> GRAFANA_MACROS = Map.of("$__rate_interval", "15s", "$__range", "1m");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");
    private static final SigningKey KEY = SigningKey.of("dashboard-it-signing-key-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(DashboardQueriesIT.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private volatile boolean producing = true;

    @AfterEach
    void closeAll() throws Exception {
        producing = false;
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    @Test
    void shouldAnswerEveryPanelQueryOfEveryDashboardWithData() throws Exception {
        Path prometheusBinary = prometheus();
        Path dir = TestData.scratch("dashboard-queries-it-" + System.currentTimeMillis());
        EmbeddedKafka kafka = open(EmbeddedKafka.start(BrokerConfig.defaults()));
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        RegistryConfig registry = RegistryConfig.of(client).withSigningKey(Optional.of(KEY));
        ModelPublisher publisher = new ModelPublisher(registry);
        publisher.publish(Files.readAllBytes(TestModels.shippedFile()), "shipped model");

        PrometheusMeterRegistry classifierMeters = Registries.prometheus("classifier");
        resources.push(classifierMeters::close);
        ClassifierMetrics classifierMetrics = new ClassifierMetrics(classifierMeters);
        RegistryModelSource models = open(RegistryModelSource.start(registry, ModelPolicy.LATEST, classifierMetrics));
        assertThat(models.awaitReady(WAIT)).as("first model version loaded").isTrue();
        ClassifierService classifier = open(new ClassifierService(ClassifierConfig.defaults()
                .withKafkaProperty("bootstrap.servers", kafka.bootstrapServers()).withStateDir(dir.resolve("state")),
                models, classifierMetrics));
        classifier.start();
        MetricsServer classifierEndpoint = open(MetricsServer.start("127.0.0.1", 0, classifierMeters, classifier::health));
        PrometheusMeterRegistry trainerMeters = Registries.prometheus("trainer");
        resources.push(trainerMeters::close);
        MetricsServer trainerEndpoint = open(MetricsServer.start("127.0.0.1", 0, trainerMeters, Health::up));
        PrometheusServer prometheus = open(PrometheusServer.start(prometheusBinary, dir.resolve("prometheus"),
                Map.of("classifier", "127.0.0.1:" + classifierEndpoint.port(), "trainer", "127.0.0.1:" + trainerEndpoint.port()),
                PrometheusRulesTest.DIR.resolve("alerts.yml")));
        assertThat(classifier.awaitRunning(WAIT)).as("classifier running").isTrue();

        Thread producer = new Thread(() -> produce(kafka.bootstrapServers()), "it-image-producer");
        producer.start();
        resources.push(() -> producer.join(10_000));

        trainAndPublish(new TrainerMetrics(trainerMeters), publisher);
        new ModelPublisher(registry.withSigningKey(Optional.empty())).publish(Files.readAllBytes(TestModels.shippedFile()), "unsigned");
        awaitTrue(() -> models.servingVersion() == 2 && models.rejected().size() == 1, "v2 serving and the unsigned v3 rejected");

        assertThat(queries()).as("panel queries in grafana/dashboards").hasSizeGreaterThan(40);
        List<String> missing = awaitEveryQueryAnswered(prometheus);
        assertThat(missing).as("panel queries without data after %s s", WAIT.toSeconds()).isEmpty();
        log.info("All {} panel queries and {} dashboard variables answered with data", queries().size(), labelValueVariables().size());
        assertThat(prometheus.get("/api/v1/rules").findValues("health")).as("alert rules evaluate on the real series")
                .isNotEmpty().allSatisfy(h -> assertThat(h.asText()).isEqualTo("ok"));
    }

    /** Runs all queries until each returns a finite value or the time is up; a query error fails at once. */
    private List<String> awaitEveryQueryAnswered(PrometheusServer prometheus) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> missing;
        do {
            missing = new ArrayList<>();
            for (Map.Entry<String, String> q : queries().entrySet()) {
                JsonNode answer = prometheus.query(q.getValue());
                if (!answer.path("status").asText().equals("success")) {
                    fail(q.getKey() + ": query failed: " + answer.path("error").asText() + "\n" + q.getValue());
                }
                if (!hasFiniteValue(answer.path("data").path("result"))) {
                    missing.add(q.getKey() + ": " + q.getValue() + " -> " + answer.path("data").path("result"));
                }
            }
            for (Map.Entry<String, String> v : labelValueVariables().entrySet()) {
                Matcher m = LABEL_VALUES.matcher(v.getValue());
                m.find();
                JsonNode values = prometheus.get("/api/v1/label/" + m.group(2) + "/values?match[]=" + m.group(1));
                if (values.path("data").isEmpty()) {
                    missing.add(v.getKey() + ": " + v.getValue() + " has no values");
                }
            }
            if (!missing.isEmpty()) {
                Thread.sleep(2000);
            }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        return missing;
    }

    /** Every target of every panel of every dashboard, Grafana's macros and variables substituted, by panel. */
    private static Map<String, String> queries() throws Exception {
        Map<String, String> result = new LinkedHashMap<>();
        for (Path file : DashboardsTest.dashboards().toList()) {
            JsonNode board = JSON.readTree(file.toFile());
            for (JsonNode panel : DashboardsTest.panels(file)) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    for (var macro : GRAFANA_MACROS.entrySet()) {
                        expr = expr.replace(macro.getKey(), macro.getValue());
                    }
                    for (JsonNode variable : board.path("templating").path("list")) {
                        String all = variable.path("allValue").asText(".*");
                        expr = expr.replace("${" + variable.path("name").asText() + "}", all)
                                .replace("$" + variable.path("name").asText(), all);
                    }
                    result.put(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(), expr);
                }
            }
        }
        return result;
    }

    private static Map<String, String> labelValueVariables() throws Exception {
        Map<String, String> result = new LinkedHashMap<>();
        for (Path file : DashboardsTest.dashboards().toList()) {
            for (JsonNode variable : JSON.readTree(file.toFile()).path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    result.put(file.getFileName() + " / $" + variable.path("name").asText(), variable.path("definition").asText());
                }
            }
        }
        return result;
    }

    private static boolean hasFiniteValue(JsonNode result) {
        for (JsonNode sample : result) {
            double value = Double.parseDouble(sample.path("value").path(1).asText("NaN"));
            if (Double.isFinite(value)) {
                return true;
            }
        }
        return false;
    }

    /** A small real training run reported through {@link TrainerMetrics}, published as the next version. */
    private static void trainAndPublish(TrainerMetrics metrics, ModelPublisher publisher) {
        long start = System.nanoTime();
        var files = TestData.files();
        ModelArtifact artifact = TrainingJob.run(Architecture.MLP.defaults().withEpochs(1).withValidationSize(500),
                files.train().slice(0, 3000), TestData.test().slice(0, 1000), files, metrics);
        metrics.finished(artifact.metadata().version(), artifact.metadata().testAccuracy(), Duration.ofNanos(System.nanoTime() - start));
        publisher.publish(artifact.toBytes(), "trained by DashboardQueriesIT");
        metrics.published(artifact.metadata().version());
    }

    /** Labelled test images at about 100 per second, and now and then two records that must be dead-lettered. */
    private void produce(String bootstrapServers) {
        LabelledImages images = TestData.test();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; producing; i++) {
                int n = i % images.size();
                var record = new ProducerRecord<>(Topics.IMAGES, "test-" + n, images.image(n));
                record.headers().add(Topics.LABEL_HEADER, Integer.toString(images.label(n)).getBytes(StandardCharsets.US_ASCII));
                producer.send(record);
                if (i % 100 == 0) {
                    producer.send(new ProducerRecord<>(Topics.IMAGES, "not-an-image-" + i, "hello".getBytes(StandardCharsets.UTF_8)));
                    var badLabel = new ProducerRecord<>(Topics.IMAGES, "bad-label-" + i, images.image(n));
                    badLabel.headers().add(Topics.LABEL_HEADER, "x".getBytes(StandardCharsets.US_ASCII));
                    producer.send(badLabel);
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path prometheus() {
        Optional<Path> binary = PrometheusServer.binary();
        if (binary.isEmpty() && System.getenv("CI") != null) {
            fail("prometheus not found (CI is set): install the Debian package 'prometheus' or set PROMETHEUS");
        }
        Assumptions.assumeTrue(binary.isPresent(), "prometheus not installed; skipping the dashboard proof");
        return binary.get();
    }

    private <T extends AutoCloseable> T open(T resource) {
        resources.push(resource);
        return resource;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
