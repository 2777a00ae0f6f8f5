package io.fashionstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Each consistency check catches the mistake it is for: the real Dockerfile, compose file or Kubernetes base
 * with one deliberate error must produce the problem that names it (and the unchanged file must not).
 */
class DeploymentChecksTest {
    private static DeploymentFiles files;
    private static List<String> dockerfileBaseline;
    private static List<String> composeBaseline;
    private static List<String> kubernetesBaseline;

    @BeforeAll
    static void read() {
        files = DeploymentFiles.read();
        dockerfileBaseline = files.checkDockerfile(files.dockerfile());
        composeBaseline = files.checkCompose(files.compose());
        kubernetesBaseline = files.checkKubernetes(files.kubernetesBase());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfileMistakes")
    void shouldReportAMistakeInTheDockerfile(String mistake, String from, String to, String expected) throws IOException {
        String text = Files.readString(files.project().path(Project.DOCKERFILE));
        assertThat(text).contains(from);

        List<String> problems = files.checkDockerfile(Dockerfile.parse(text.replace(from, to)));

        assertReported(problems, dockerfileBaseline, expected);
    }

    static Stream<Arguments> dockerfileMistakes() {
        return Stream.of(
                Arguments.of("jar not named after pom.xml's finalName", "/src/target/fashion-stream.jar",
                        "/src/target/app.jar", "copies no /src/target/fashion-stream.jar"),
                Arguments.of("runtime JRE not the compiler release", "eclipse-temurin:17-jre-noble",
                        "eclipse-temurin:21-jre-noble", "is not a Java 17 JRE"),
                Arguments.of("OpenMP threads not 1", "OMP_NUM_THREADS=1", "OMP_NUM_THREADS=4", "OMP_NUM_THREADS is 4"),
                Arguments.of("runs as root", "USER 10001:10001", "USER root", "not a numeric non-root uid"),
                Arguments.of("trainer metrics port not exposed", "EXPOSE 9400 9401", "EXPOSE 9400",
                        "lacks metrics port 9401"),
                Arguments.of("build ignores .mvn/maven.config", "COPY .mvn/ .mvn/\n", "",
                        "does not copy .mvn/"),
                Arguments.of("entrypoint runs another jar", "\"/opt/fashion-stream/fashion-stream.jar\"]",
                        "\"/app/fashion-stream.jar\"]", "the ENTRYPOINT runs /app/fashion-stream.jar"),
                Arguments.of("libraries not where the manifest Class-Path points", "/src/target/lib/ lib/",
                        "/src/target/lib/ libs/", "Class-Path expects /opt/fashion-stream/lib/"),
                Arguments.of("JavaCPP cache not writable", "cachedir=/var/cache/fashion-stream/javacpp",
                        "cachedir=/opt/cache", "JavaCPP cache /opt/cache is not in a directory"),
                Arguments.of("a COPY source that does not exist", "COPY src/main/ src/main/",
                        "COPY src/mian/ src/main/", "COPY src/mian/ matches nothing"));
    }

    @org.junit.jupiter.api.Test
    void shouldReportAMisspeltJvmOption() throws Exception {
        String options = files.dockerfile().runtime().env().get("JAVA_TOOL_OPTIONS");
        assertThat(options).contains("-XX:MaxRAMPercentage=40");

        List<String> problems = JvmOptions.check("Dockerfile", options.replace("MaxRAMPercentage", "MaxRAMPercentag"),
                List.of());

        assertThat(problems).singleElement().asString().contains("Unrecognized VM option 'MaxRAMPercentag=40'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerignoreMistakes")
    void shouldReportADockerignoreThatHidesWhatTheImageNeeds(String mistake, String pattern, String expected) {
        List<String> problems = DockerfileChecks.check(files.project(), files.dockerfile(),
                files.dockerignore() + "\n" + pattern + "\n");

        assertReported(problems, dockerfileBaseline, expected);
    }

    static Stream<Arguments> dockerignoreMistakes() {
        return Stream.of(
                Arguments.of("the shipped models", "models/", "which .dockerignore excludes (models/)"),
                Arguments.of("every fsmodel", "**/*.fsmodel", "which .dockerignore excludes (**/*.fsmodel)"),
                Arguments.of("the sources", "src", "which .dockerignore excludes (src)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeMistakes")
    void shouldReportAMistakeInTheComposeFile(String mistake, UnaryOperator<JsonNode> change, String expected) {
        List<String> problems = files.checkCompose(change.apply(files.compose()));

        assertReported(problems, composeBaseline, expected);
    }

    static Stream<Arguments> composeMistakes() {
        return Stream.of(
                compose("unknown subcommand", set("/services/classifier/command/0", "clasify"),
                        "`clasify` is not a fashion-stream command"),
                compose("unknown option", set("/services/classifier/command/3", "--metrics-prot"),
                        "`classify` has no option --metrics-prot"),
                compose("option value the command rejects", set("/services/classifier/command/4", "94O0"),
                        "does not parse"),
                compose("environment variable the application does not read",
                        set("/services/classifier/environment/KAFKA_BOOTSTRAP_SERVER", "kafka:19092"),
                        "environment variable KAFKA_BOOTSTRAP_SERVER is not read by the application"),
                compose("bootstrap address Kafka does not advertise",
                        set("/services/classifier/environment/KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
                        "KAFKA_BOOTSTRAP_SERVERS=kafka:9092 is not a listener"),
                compose("no bootstrap address", set("/services/producer/environment/KAFKA_BOOTSTRAP_SERVERS", null),
                        "sets no KAFKA_BOOTSTRAP_SERVERS"),
                compose("broker image not the client version", set("/services/kafka/image", "apache/kafka:3.9.0"),
                        "is not apache/kafka:4.3.1"),
                compose("application image not the pom's", set("/services/classifier/image", "fashion-stream:latest"),
                        "image fashion-stream:latest is not fashion-stream:0.1.0"),
                compose("more classifiers than partitions", set("/services/classifier/deploy/replicas", 3),
                        "3 replicas x 1 stream threads exceed the images topic's 2 partitions"),
                compose("metrics port Prometheus does not scrape", set("/services/classifier/command/4", "9500"),
                        "scrapes classifier on port 9400 but `classify` serves metrics on 9500"),
                compose("healthcheck on a path MetricsServer does not serve",
                        set("/services/classifier/healthcheck/test/3",
                                "exec 3<>/dev/tcp/127.0.0.1/9400 && printf 'GET /health/readyz HTTP/1.0\\r\\n\\r\\n' >&3"),
                        "healthcheck asks /health/readyz"),
                compose("producer topic not the system's",
                        set("/services/producer/command/6", "--topic").andThen(set("/services/producer/command/7",
                                "fashion.image"))::apply,
                        "`produce --topic fashion.image` is not the system's topic fashion.images"),
                compose("publisher and classifier keys differ",
                        set("/services/publisher/environment/FASHION_STREAM_SIGNING_KEY", "another-key-of-enough-bytes"),
                        "use different FASHION_STREAM_SIGNING_KEY values"),
                compose("signing key too short",
                        set("/services/publisher/environment/FASHION_STREAM_SIGNING_KEY", "short")
                                .andThen(set("/services/classifier/environment/FASHION_STREAM_SIGNING_KEY", "short"))
                                .andThen(set("/services/trainer/environment/FASHION_STREAM_SIGNING_KEY", "short"))::apply,
                        "FASHION_STREAM_SIGNING_KEY is shorter than 16 bytes"),
                compose("published model not in the image", set("/services/publisher/command/1", "models/missing.fsmodel"),
                        "reads models/missing.fsmodel (/opt/fashion-stream/models/missing.fsmodel), which is neither"),
                compose("output where the user cannot write",
                        set("/services/trainer/command/6", "/opt/fashion-stream/trained.fsmodel"),
                        "writes /opt/fashion-stream/trained.fsmodel, which the image's user cannot write"),
                compose("variable without a default", set("/services/producer/command/4", "${PRODUCE_RATE}"),
                        "${PRODUCE_RATE} has no default"),
                compose("alert rules not mounted", set("/services/prometheus/volumes/1", null),
                        "prometheus.yml loads alerts.yml (/etc/prometheus/alerts.yml) but no existing repository file"),
                compose("dashboards mounted where the provider does not look",
                        set("/services/grafana/volumes/1", "../grafana/dashboards:/var/lib/grafana/dash:ro"),
                        "the dashboard provider reads /var/lib/grafana/dashboards but grafana/dashboards is mounted at "
                                + "/var/lib/grafana/dash"),
                compose("Prometheus job pointing at a missing service",
                        rename("/services", "classifier", "classifiers"),
                        "target classifier is not a compose service"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubernetesMistakes")
    void shouldReportAMistakeInTheKubernetesManifests(String mistake, UnaryOperator<List<JsonNode>> change,
                                                      String expected) {
        List<String> problems = files.checkKubernetes(change.apply(files.kubernetesBase()));

        assertReported(problems, kubernetesBaseline, expected);
    }

    private static final String CLASSIFIER = "/spec/template/spec/containers/0";

    static Stream<Arguments> kubernetesMistakes() {
        return Stream.of(
                k8s("more replicas than partitions", edit("Deployment", "/spec/replicas", 3),
                        "3 replicas x 1 stream threads exceed the images topic's 2 partitions"),
                k8s("readiness probe on an unknown path",
                        edit("Deployment", CLASSIFIER + "/readinessProbe/httpGet/path", "/ready"),
                        "readinessProbe asks /ready, not /health/ready"),
                k8s("liveness probe on another port", edit("Deployment", CLASSIFIER + "/livenessProbe/httpGet/port", 8080),
                        "livenessProbe asks port 8080 but `classify` serves health on 9400"),
                k8s("no readiness probe", edit("Deployment", CLASSIFIER + "/readinessProbe", null),
                        "no readinessProbe"),
                k8s("container port not the metrics port", edit("Deployment", CLASSIFIER + "/ports/0/containerPort", 9500),
                        "serves metrics on 9400 but the containerPort named metrics is 9500"),
                k8s("unknown option", edit("Deployment", CLASSIFIER + "/args/1", "--kafka-conf"),
                        "`classify` has no option --kafka-conf"),
                k8s("config file that is not mounted",
                        edit("Deployment", CLASSIFIER + "/args/2", "/etc/fashion-stream/client.properties"),
                        "reads /etc/fashion-stream/client.properties, which is neither mounted nor in the image"),
                k8s("config file the ConfigMap does not hold",
                        edit("Deployment", CLASSIFIER + "/args/2", "/etc/fashion-stream/kafka/kafka.properties"),
                        "ConfigMap fashion-stream-kafka has no key kafka.properties"),
                k8s("ConfigMap key that does not exist",
                        edit("Deployment", CLASSIFIER + "/env/0/valueFrom/configMapKeyRef/key", "bootstrap"),
                        "refers to key bootstrap of ConfigMap fashion-stream-kafka"),
                k8s("environment variable nothing reads",
                        edit("Deployment", CLASSIFIER + "/env/2", Map.of("name", "KAFKA_BOOTSTRAP", "value", "kafka:9092")),
                        "environment variable KAFKA_BOOTSTRAP is neither read by the application"),
                k8s("args referring to an undefined variable",
                        edit("Deployment", CLASSIFIER + "/args/10", "--kafka=sasl.jaas.config=$(KAFKA_JAAS)"),
                        "args use $(KAFKA_JAAS), which the container's env does not define"),
                k8s("JavaCPP cache on the read-only root", edit("Deployment", CLASSIFIER + "/volumeMounts/3", null),
                        "writes /var/cache/fashion-stream/javacpp, which is not writable here"),
                k8s("state directory on a read-only mount",
                        edit("Deployment", CLASSIFIER + "/volumeMounts/2/readOnly", true),
                        "writes /var/lib/fashion-stream/state, which is not writable here"),
                k8s("no memory limit", edit("Deployment", CLASSIFIER + "/resources/limits/memory", null),
                        "no resources.limits.memory"),
                k8s("classifier on several OpenMP threads",
                        edit("Deployment", CLASSIFIER + "/env/1", Map.of("name", "OMP_NUM_THREADS", "value", "2")),
                        "OMP_NUM_THREADS is 2"),
                k8s("trainer threads above its CPU limit",
                        edit("Job", CLASSIFIER + "/env/1", Map.of("name", "OMP_NUM_THREADS", "value", "8")),
                        "OMP_NUM_THREADS 8 is more than the CPU limit 4.0"),
                k8s("trainer deadline shorter than its budget", edit("Job", "/spec/activeDeadlineSeconds", 600),
                        "activeDeadlineSeconds 600 would kill the training"),
                k8s("topic not the system's", edit("Deployment", CLASSIFIER + "/args/10", "--input-topic=images"),
                        "`classify --input-topic images` is not the system's topic fashion.images"),
                k8s("scrape annotation on the wrong port",
                        edit("Service", "/metadata/annotations/prometheus.io~1port", "9401"),
                        "prometheus.io/port 9401 but `classify`"),
                k8s("service port to a port the pod lacks", edit("Service", "/spec/ports/0/targetPort", "http"),
                        "targetPort http is no port of Deployment fashion-stream-classifier"),
                k8s("service selecting nothing",
                        edit("Service", "/spec/selector/app.kubernetes.io~1component", "classifer"),
                        "matches no workload's pods"),
                k8s("running as another uid than the image's",
                        edit("Deployment", "/spec/template/spec/securityContext/runAsUser", 1000),
                        "runs as uid 1000 but the image's directories belong to uid 10001"),
                k8s("a dashboard missing from the ConfigMap",
                        edit("ConfigMap", "/data/trainer.json", null),
                        "dashboards [classifier.json] but grafana/dashboards has [classifier.json, trainer.json]"),
                k8s("a stale dashboard in the ConfigMap", edit("ConfigMap", "/data/trainer.json", "{\"title\": \"old\"}"),
                        "trainer.json differs from grafana/dashboards/trainer.json"),
                k8s("Kafka credentials read from a folder where no Secret is mounted",
                        edit("fashion-stream-kafka", "/data/client.properties", productionClientProperties()),
                        "client.properties reads sasl.jaas.config from /etc/fashion-stream/kafka-credentials, where no "
                                + "Secret is mounted"),
                k8s("PodMonitor without the job label the alerts select",
                        objects -> plus(objects, Yaml.with(podMonitor(), "/spec/jobLabel", null)),
                        "alerts.yml and the dashboards select job=\"classifier\""),
                k8s("PodMonitor scraping a port the pods lack",
                        objects -> plus(objects, Yaml.with(podMonitor(), "/spec/podMetricsEndpoints/0/port", "http")),
                        "port http is no port of Deployment fashion-stream-classifier"));
    }

    private static void assertReported(List<String> problems, List<String> baseline, String expected) {
        assertThat(baseline).as("the unchanged file").noneMatch(p -> p.contains(expected));
        assertThat(problems).anyMatch(p -> p.contains(expected));
    }

    private static Arguments compose(String name, UnaryOperator<JsonNode> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static Arguments k8s(String name, UnaryOperator<List<JsonNode>> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static UnaryOperator<JsonNode> set(String pointer, String value) {
        return doc -> Yaml.with(doc, pointer, value);
    }

    private static UnaryOperator<JsonNode> set(String pointer, int value) {
        return doc -> Yaml.with(doc, pointer, value);
    }

    private static UnaryOperator<JsonNode> rename(String pointer, String from, String to) {
        return doc -> {
            JsonNode copy = doc.deepCopy();
            ObjectNode parent = (ObjectNode) copy.at(pointer);
            parent.set(to, parent.remove(from));
            return copy;
        };
    }

    /** Changes the first object whose kind or name is {@code kindOrName}. */
    private static UnaryOperator<List<JsonNode>> edit(String kindOrName, String pointer, Object value) {
        return objects -> {
            List<JsonNode> out = new ArrayList<>(objects);
            for (int i = 0; i < out.size(); i++) {
                JsonNode o = out.get(i);
                if (o.path("kind").asText().equals(kindOrName)
                        || o.path("metadata").path("name").asText().equals(kindOrName)) {
                    out.set(i, Yaml.with(o, pointer, value));
                    return out;
                }
            }
            throw new IllegalArgumentException("no " + kindOrName + " in the base");
        };
    }

    private static List<JsonNode> plus(List<JsonNode> objects, JsonNode extra) {
        List<JsonNode> out = new ArrayList<>(objects);
        out.add(extra);
        return out;
    }

    private static JsonNode podMonitor() {
        return Yaml.read(Project.current().path(Project.KUBERNETES.resolve("overlays/production/podmonitor.yaml")));
    }

    private static String productionClientProperties() {
        try {
            return Files.readString(Project.current().path(Project.KUBERNETES.resolve("overlays/production/client.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
