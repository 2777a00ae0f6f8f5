package io.fashionstream.deploy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fashionstream.kafka.Topics;
import io.fashionstream.metrics.MetricsServer;
import io.fashionstream.registry.SigningKey;

/**
 * Checks {@code docker/docker-compose.yml} against the code, the image and the monitoring configs: every
 * command parses with the real picocli model, environment variables are ones the application reads, the
 * brokers, ports, topics, signing keys and mounted files line up. Returns one readable line per problem.
 */
final class ComposeChecks {
    /** Options naming files the application reads. */
    static final Set<String> INPUT_FILE_OPTIONS = Set.of("--model", "--kafka-config", "--signing-key-file", "--data");
    /** Options naming directories or files the application writes. */
    static final Set<String> OUTPUT_OPTIONS = Set.of("--state-dir", "--output", "--report");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");

    private final Project project;
    private final JsonNode compose;
    private final Dockerfile image;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Invocation> commands = new TreeMap<>();

    private ComposeChecks(Project project, JsonNode compose, Dockerfile image) {
        this.project = project;
        this.compose = compose;
        this.image = image;
    }

    /** All checks; {@code prometheus}, {@code providers}, {@code datasources} are the monitoring configs. */
    static List<String> check(Project project, JsonNode compose, Dockerfile image, JsonNode prometheus,
                              JsonNode providers, JsonNode datasources) {
        ComposeChecks c = new ComposeChecks(project, compose, image);
        c.images();
        c.commands();
        c.environment();
        c.signingKeys();
        c.replicas();
        c.topics();
        c.healthchecks();
        c.files();
        c.prometheus(prometheus);
        c.grafana(providers, datasources);
        return c.problems;
    }

    private Map<String, JsonNode> services() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private boolean isApp(JsonNode service) {
        String image = service.path("image").asText("");
        String repo = image.contains(":") ? image.substring(0, image.indexOf(':')) : image;
        return repo.equals(project.artifactId()) || repo.endsWith("/" + project.artifactId()) || service.has("build");
    }

    private Map<String, JsonNode> apps() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        services().forEach((name, s) -> {
            if (isApp(s)) {
                out.put(name, s);
            }
        });
        return out;
    }

    private Optional<String> kafkaService() {
        return services().entrySet().stream().filter(e -> e.getValue().path("image").asText().startsWith("apache/kafka"))
                .map(Map.Entry::getKey).findFirst();
    }

    /** {@code ${VAR:-default}} and {@code ${VAR-default}} become the default; a variable without one is a problem. */
    String interpolate(String where, String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (m.group(2) == null) {
                problems.add(where + ": ${" + m.group(1) + "} has no default, so a plain `docker compose up` "
                        + "would pass an empty value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(3) == null ? "" : m.group(3)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    private Map<String, String> env(String name, JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject()) {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), interpolate(name + " " + f.getKey(), f.getValue().asText())));
        } else {
            for (String kv : Yaml.texts(e)) {
                int eq = kv.indexOf('=');
                env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : interpolate(name, kv.substring(eq + 1)));
            }
        }
        return env;
    }

    private List<String> args(String name, JsonNode service) {
        JsonNode c = service.path("command");
        List<String> raw = c.isTextual() ? List.of(c.asText().trim().split("\\s+")) : Yaml.texts(c);
        return raw.stream().map(a -> interpolate(name + " command", a)).toList();
    }

    private void images() {
        Optional<String> kafka = kafkaService();
        if (kafka.isEmpty()) {
            problems.add("compose: no Kafka service with the official apache/kafka image");
        } else {
            String image = services().get(kafka.get()).path("image").asText();
            if (!image.equals("apache/kafka:" + project.kafkaVersion())) {
                problems.add("compose: Kafka image " + image + " is not apache/kafka:" + project.kafkaVersion()
                        + " (pom.xml: kafka.version, the clients' version)");
            }
        }
        apps().forEach((name, s) -> {
            String image = s.path("image").asText("");
            if (!image.equals(project.artifactId() + ":" + project.releaseVersion())) {
                problems.add("compose " + name + ": image " + image + " is not " + project.artifactId() + ":"
                        + project.releaseVersion() + " (pom.xml artifactId and version)");
            }
            JsonNode build = s.path("build");
            if (!build.isMissingNode()) {
                Path context = project.path(Project.COMPOSE).getParent().resolve(build.path("context").asText(".")).normalize();
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
                if (!dockerfile.equals(project.path(Project.DOCKERFILE))) {
                    problems.add("compose " + name + ": builds " + dockerfile + ", not " + Project.DOCKERFILE);
                }
                if (!context.equals(project.root())) {
                    problems.add("compose " + name + ": build context " + context + " is not the repository root, "
                            + "which the Dockerfile's COPY pom.xml, src/main/ and models/ need");
                }
            }
        });
    }

    private void commands() {
        apps().forEach((name, s) -> {
            Invocation inv = Invocation.of("compose " + name, args(name, s));
            problems.addAll(inv.problems());
            commands.put(name, inv);
        });
    }

    private void environment() {
        Optional<String> kafka = kafkaService();
        Set<String> brokers = kafka.map(k -> internalListeners(k, services().get(k))).orElse(Set.of());
        apps().forEach((name, s) -> {
            Map<String, String> env = env(name, s);
            env.keySet().stream().filter(k -> !Project.APP_ENV.contains(k)).forEach(k -> problems.add(
                    "compose " + name + ": environment variable " + k + " is not read by the application (it reads "
                            + new java.util.TreeSet<>(Project.APP_ENV) + ")"));
            Invocation inv = commands.get(name);
            if (!inv.hasOption("--bootstrap-servers") || inv.args().stream().anyMatch(a -> a.startsWith("--bootstrap-servers"))) {
                return;
            }
            String bootstrap = env.get(io.fashionstream.cli.KafkaOptions.ENV);
            if (bootstrap == null) {
                problems.add("compose " + name + ": `" + inv.name() + "` talks to Kafka but sets no "
                        + io.fashionstream.cli.KafkaOptions.ENV + " (the default localhost:9092 is the container itself)");
            } else if (!brokers.contains(bootstrap)) {
                problems.add("compose " + name + ": " + io.fashionstream.cli.KafkaOptions.ENV + "=" + bootstrap
                        + " is not a listener the Kafka service advertises to containers " + brokers);
            }
        });
    }

    /** The advertised host:port pairs of {@code service} whose host is the service itself (reachable from containers). */
    private Set<String> internalListeners(String name, JsonNode service) {
        Map<String, String> env = env(name, service);
        String hostname = service.path("hostname").asText(name);
        Set<String> out = new java.util.TreeSet<>();
        for (String l : env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").split(",")) {
            String hostPort = l.contains("://") ? l.substring(l.indexOf("://") + 3).strip() : l.strip();
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
            if (host.equals(name) || host.equals(hostname)) {
                out.add(hostPort);
            }
        }
        return out;
    }

    private boolean usesRegistryKey(Invocation inv) {
        return switch (inv.name()) {
            case "publish", "promote", "rollback" -> true;
            case "train" -> Boolean.TRUE.equals(inv.option("--publish").orElse(false));
            case "classify" -> inv.option("--model").isEmpty();
            default -> false;
        };
    }

    private void signingKeys() {
        Map<String, String> keys = new TreeMap<>();
        apps().forEach((name, s) -> {
            Invocation inv = commands.get(name);
            if (inv.parsed() && usesRegistryKey(inv)) {
                keys.put(name, env(name, s).getOrDefault(SigningKey.ENV, ""));
            }
        });
        if (keys.values().stream().distinct().count() > 1) {
            problems.add("compose: the services that publish and check model versions use different "
                    + SigningKey.ENV + " values, so classifiers would reject the published versions: " + keys.keySet());
        }
        keys.forEach((name, key) -> {
            if (!key.isEmpty() && key.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < SigningKey.MIN_BYTES) {
                problems.add("compose " + name + ": " + SigningKey.ENV + " is shorter than " + SigningKey.MIN_BYTES + " bytes");
            }
        });
    }

    private void replicas() {
        apps().forEach((name, s) -> {
            Invocation inv = commands.get(name);
            if (inv.parsed() && inv.name().equals("classify")) {
                int replicas = s.path("deploy").path("replicas").asInt(1);
                String cpus = s.path("deploy").path("resources").path("limits").path("cpus").asText("1");
                int threads = inv.classifyStreamThreads(cpus.matches("[0-9.]+") ? Double.parseDouble(cpus) : 1);
                if (replicas * threads > Topics.IMAGES_PARTITIONS) {
                    problems.add("compose " + name + ": " + replicas + " replicas x " + threads + " stream threads exceed "
                            + "the images topic's " + Topics.IMAGES_PARTITIONS + " partitions (Topics.IMAGES_PARTITIONS); "
                            + "the extra ones would sit idle");
                }
            }
        });
    }

    private void topics() {
        Map<String, String> produced = new TreeMap<>();
        Map<String, String> classified = new TreeMap<>();
        Map<String, String> modelTopics = new TreeMap<>();
        commands.forEach((name, inv) -> {
            if (!inv.parsed()) {
                return;
            }
            TopicChecks.check("compose " + name, inv).forEach(problems::add);
            switch (inv.name()) {
                case "produce" -> produced.put(name, inv.option("--topic").map(Object::toString).orElse(""));
                case "classify" -> classified.put(name, inv.option("--input-topic").map(Object::toString).orElse(""));
                default -> { }
            }
            inv.option("--models-topic").ifPresent(t -> {
                if (usesRegistryKey(inv)) {
                    modelTopics.put(name, t.toString());
                }
            });
        });
        produced.forEach((p, topic) -> classified.forEach((c, input) -> {
            if (!topic.equals(input)) {
                problems.add("compose: " + p + " produces to " + topic + " but " + c + " classifies " + input);
            }
        }));
        if (modelTopics.values().stream().distinct().count() > 1) {
            problems.add("compose: publishers and classifiers use different models topics: " + modelTopics);
        }
    }

    private void healthchecks() {
        apps().forEach((name, s) -> {
            Invocation inv = commands.get(name);
            String test = String.join(" ", Yaml.texts(s.path("healthcheck").path("test")));
            if (test.isEmpty() || !inv.parsed()) {
                return;
            }
            Matcher path = Pattern.compile("/health/[a-z]+").matcher(test);
            while (path.find()) {
                if (!path.group().equals(MetricsServer.LIVE_PATH) && !path.group().equals(MetricsServer.READY_PATH)) {
                    problems.add("compose " + name + ": healthcheck asks " + path.group() + ", which MetricsServer does "
                            + "not serve (" + MetricsServer.LIVE_PATH + ", " + MetricsServer.READY_PATH + ")");
                }
            }
            Object port = inv.option("--metrics-port").orElse(null);
            Matcher p = Pattern.compile("(?:127\\.0\\.0\\.1|localhost)[:/](\\d+)").matcher(test);
            while (p.find()) {
                if (port != null && !p.group(1).equals(port.toString())) {
                    problems.add("compose " + name + ": healthcheck asks port " + p.group(1) + " but `" + inv.name()
                            + "` serves metrics and health on " + port);
                }
            }
        });
    }

    private void files() {
        Dockerfile.Stage runtime = image.runtime();
        List<String> inImage = DockerfileChecks.filesInImage(project, runtime);
        List<String> writable = new ArrayList<>(DockerfileChecks.writableDirs(runtime));
        apps().forEach((name, s) -> {
            Invocation inv = commands.get(name);
            if (!inv.parsed()) {
                return;
            }
            List<String> mounts = Yaml.texts(s.path("volumes")).stream().map(v -> v.split(":")[1]).toList();
            List<String> inputs = new ArrayList<>();
            INPUT_FILE_OPTIONS.forEach(o -> inv.option(o).ifPresent(v -> inputs.add(v.toString())));
            if (inv.name().equals("publish")) {
                inv.positional(0).ifPresent(v -> inputs.add(v.toString()));
            }
            for (String in : inputs) {
                String abs = Dockerfile.join(runtime.workdir(), in);
                if (!inImage.contains(abs) && mounts.stream().noneMatch(m -> DockerfileChecks.under(abs, m))) {
                    problems.add("compose " + name + ": `" + inv.name() + "` reads " + in + " (" + abs
                            + "), which is neither in the image nor on a volume");
                }
            }
            List<String> outputs = new ArrayList<>();
            OUTPUT_OPTIONS.forEach(o -> inv.option(o).ifPresent(v -> outputs.add(v.toString())));
            if ((inv.name().equals("produce") || inv.name().equals("train")) && inv.option("--data").isEmpty()
                    && inv.option("--files").isEmpty()) {
                // DatasetLocator downloads into ~/.cache/fashion-mnist when the data is nowhere else.
                outputs.add(runtime.env().getOrDefault("HOME", "/root") + "/.cache/fashion-mnist");
            }
            for (String out : outputs) {
                String abs = Dockerfile.join(runtime.workdir(), out);
                boolean ok = writable.stream().anyMatch(d -> DockerfileChecks.under(abs, d))
                        || mounts.stream().anyMatch(m -> DockerfileChecks.under(abs, m));
                if (!ok) {
                    problems.add("compose " + name + ": `" + inv.name() + "` writes " + abs + ", which the image's user "
                            + "cannot write (not chowned in the Dockerfile, not a volume)");
                }
            }
        });
    }

    private void prometheus(JsonNode config) {
        Map<String, JsonNode> services = services();
        for (JsonNode job : config.path("scrape_configs")) {
            String jobName = job.path("job_name").asText();
            if (!job.path("metrics_path").asText(MetricsServer.METRICS_PATH).equals(MetricsServer.METRICS_PATH)) {
                problems.add("prometheus.yml job " + jobName + ": metrics_path " + job.path("metrics_path").asText()
                        + " is not " + MetricsServer.METRICS_PATH);
            }
            List<String[]> targets = new ArrayList<>();
            for (JsonNode sc : job.path("static_configs")) {
                Yaml.texts(sc.path("targets")).forEach(t -> targets.add(t.split(":")));
            }
            for (JsonNode dns : job.path("dns_sd_configs")) {
                Yaml.texts(dns.path("names")).forEach(n -> targets.add(new String[] {n, dns.path("port").asText()}));
            }
            for (String[] t : targets) {
                if (t[0].equals("localhost")) {
                    continue;
                }
                Invocation inv = commands.get(t[0]);
                if (!services.containsKey(t[0])) {
                    problems.add("prometheus.yml job " + jobName + ": target " + t[0] + " is not a compose service");
                } else if (inv != null && inv.parsed()) {
                    String port = inv.option("--metrics-port").map(Object::toString).orElse("(none)");
                    if (!port.equals(t[1])) {
                        problems.add("prometheus.yml job " + jobName + ": scrapes " + t[0] + " on port " + t[1] + " but `"
                                + inv.name() + "` serves metrics on " + port);
                    }
                    String expected = switch (jobName) {
                        case "classifier" -> "classify";
                        case "trainer" -> "train";
                        default -> inv.name();
                    };
                    if (!expected.equals(inv.name())) {
                        problems.add("prometheus.yml job " + jobName + ": target " + t[0] + " runs `" + inv.name()
                                + "`, not `" + expected + "` (alerts.yml and the dashboards select job=\"" + jobName + "\")");
                    }
                }
            }
        }
        services.forEach((name, s) -> {
            if (!s.path("image").asText().startsWith("prom/prometheus")) {
                return;
            }
            Map<String, String> mounts = bindMounts(s);
            String configTarget = "/etc/prometheus/prometheus.yml";
            if (!Project.PROMETHEUS.equals(repoPath(mounts.get(configTarget)))) {
                problems.add("compose " + name + ": " + configTarget + " is not mounted from " + Project.PROMETHEUS);
            }
            for (String rules : Yaml.texts(config.path("rule_files"))) {
                String target = Dockerfile.join("/etc/prometheus", rules);
                Path source = repoPath(mounts.get(target));
                if (source == null || !project.exists(source)) {
                    problems.add("compose " + name + ": prometheus.yml loads " + rules + " (" + target
                            + ") but no existing repository file is mounted there");
                }
            }
        });
    }

    private void grafana(JsonNode providers, JsonNode datasources) {
        services().forEach((name, s) -> {
            if (!s.path("image").asText().startsWith("grafana/grafana")) {
                return;
            }
            Map<String, String> mounts = bindMounts(s);
            Map<Path, String> byRepo = new LinkedHashMap<>();
            mounts.forEach((target, source) -> Optional.ofNullable(repoPath(source)).ifPresent(p -> byRepo.put(p, target)));
            String provisioning = byRepo.get(Path.of("grafana", "provisioning"));
            if (!"/etc/grafana/provisioning".equals(provisioning)) {
                problems.add("compose " + name + ": grafana/provisioning is mounted at " + provisioning
                        + ", not /etc/grafana/provisioning");
            }
            String dashboards = byRepo.get(Project.GRAFANA_DASHBOARDS);
            for (JsonNode p : providers.path("providers")) {
                String path = p.path("options").path("path").asText();
                if (!path.equals(dashboards)) {
                    problems.add("compose " + name + ": the dashboard provider reads " + path + " but grafana/dashboards "
                            + "is mounted at " + dashboards);
                }
            }
            String home = env(name, s).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
            if (home != null && (dashboards == null || !home.startsWith(dashboards + "/")
                    || !project.exists(Project.GRAFANA_DASHBOARDS.resolve(home.substring(dashboards.length() + 1))))) {
                problems.add("compose " + name + ": the home dashboard " + home + " is not one of grafana/dashboards");
            }
            for (JsonNode ds : datasources.path("datasources")) {
                URI url = URI.create(ds.path("url").asText());
                JsonNode target = services().get(url.getHost());
                if (target == null || !target.path("image").asText().startsWith("prom/prometheus") || url.getPort() != 9090) {
                    problems.add("grafana datasource " + ds.path("name").asText() + ": " + url
                            + " is not the compose Prometheus service on port 9090");
                }
            }
        });
    }

    /** Bind mounts of a service: container path -> host path as written (relative to docker/). */
    private static Map<String, String> bindMounts(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : Yaml.texts(service.path("volumes"))) {
            String[] parts = v.split(":");
            if (parts.length >= 2 && (parts[0].startsWith(".") || parts[0].startsWith("/"))) {
                out.put(parts[1], parts[0]);
            }
        }
        return out;
    }

    /** A compose host path as a repository-relative path, or null. */
    private Path repoPath(String hostPath) {
        if (hostPath == null) {
            return null;
        }
        Path abs = project.path(Project.COMPOSE).getParent().resolve(hostPath).normalize();
        return abs.startsWith(project.root()) ? project.root().relativize(abs) : null;
    }
}
