package io.fashionstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fashionstream.kafka.Topics;
import io.fashionstream.metrics.MetricsServer;

/**
 * Checks Kubernetes objects (a kustomize build, or the base's files) against the code and the image:
 * commands parse with the real picocli model, probes ask the health paths on the metrics port, ports and
 * scrape annotations, PodMonitor and job labels line up with deploy/prometheus, files the application reads
 * are mounted from the ConfigMap or Secret keys that hold them, paths it writes are writable under a
 * read-only root filesystem, replicas do not exceed the input partitions, and the dashboards ConfigMap
 * holds grafana/dashboards. Returns one readable line per problem.
 */
final class KubernetesChecks {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern DIR_PROVIDER = Pattern.compile("\\$\\{dir:([^:}]+):([^}]+)}");

    private final Project project;
    private final List<JsonNode> objects;
    private final Dockerfile image;
    private final List<String> problems = new ArrayList<>();

    private KubernetesChecks(Project project, List<JsonNode> objects, Dockerfile image) {
        this.project = project;
        this.objects = objects;
        this.image = image;
    }

    /** {@code scrapeJobs}: the job names of deploy/prometheus/prometheus.yml, which the alerts select on. */
    static List<String> check(Project project, List<JsonNode> objects, Dockerfile image, Set<String> scrapeJobs) {
        KubernetesChecks c = new KubernetesChecks(project, objects, image);
        List<Workload> workloads = c.workloads();
        if (workloads.stream().noneMatch(w -> w.commands().contains("classify"))) {
            c.problems.add("kubernetes: no workload runs `classify`");
        }
        workloads.forEach(c::workload);
        c.services(workloads);
        c.podMonitors(workloads, scrapeJobs);
        c.dashboards();
        return c.problems;
    }

    /** A Deployment or Job with its pod template and the parsed command of each container. */
    record Workload(String kind, String name, JsonNode object, Map<String, String> podLabels,
                    Map<String, Invocation> containers) {
        JsonNode pod() {
            return object.path("spec").path("template").path("spec");
        }

        List<String> commands() {
            return containers.values().stream().map(Invocation::name).toList();
        }

        String where() {
            return kind + " " + name;
        }
    }

    private List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            if (!Set.of("Deployment", "Job", "StatefulSet").contains(kind)) {
                continue;
            }
            String name = o.path("metadata").path("name").asText();
            Map<String, String> labels = strings(o.path("spec").path("template").path("metadata").path("labels"));
            Map<String, Invocation> containers = new LinkedHashMap<>();
            for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
                String where = kind + " " + name + " container " + c.path("name").asText();
                containers.put(c.path("name").asText(), Invocation.of(where, expandedArgs(where, c)));
            }
            out.add(new Workload(kind, name, o, labels, containers));
        }
        return out;
    }

    /** The container's args with Kubernetes' {@code $(VAR)} references replaced by the container's env values. */
    private List<String> expandedArgs(String where, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "<" + e.path("name").asText() + ">");
        }
        List<String> args = new ArrayList<>(Yaml.texts(container.path("command")));
        args.addAll(Yaml.texts(container.path("args")));
        if (!args.isEmpty() && (args.get(0).equals("java") || args.get(0).endsWith("/java"))) {
            problems.add(where + ": overrides the image's entrypoint; give the fashion-stream command in args");
        }
        List<String> out = new ArrayList<>();
        for (String a : args) {
            Matcher m = ENV_REF.matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null) {
                    problems.add(where + ": args use $(" + m.group(1) + "), which the container's env does not define");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? "" : value));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    private void workload(Workload w) {
        for (JsonNode c : w.pod().path("containers")) {
            Invocation inv = w.containers().get(c.path("name").asText());
            String where = w.where() + " container " + c.path("name").asText();
            problems.addAll(inv.problems());
            image(where, c);
            env(where, c);
            resources(where, c);
            if (!inv.parsed()) {
                continue;
            }
            problems.addAll(TopicChecks.check(where, inv));
            Optional<Integer> metricsPort = metricsPort(where, c, inv);
            probes(where, c, inv, metricsPort, w.kind());
            threads(where, c, inv, w);
            files(where, w.pod(), c, inv);
            if (w.kind().equals("Job") && inv.name().equals("train")) {
                double minutes = ((Number) inv.option("--max-minutes").orElse(0)).doubleValue();
                long deadline = w.object().path("spec").path("activeDeadlineSeconds").asLong(Long.MAX_VALUE);
                if (deadline <= minutes * 60) {
                    problems.add(where + ": activeDeadlineSeconds " + deadline + " would kill the training before its "
                            + "--max-minutes " + minutes + " budget is spent");
                }
            }
        }
        security(w);
    }

    private void image(String where, JsonNode c) {
        String ref = c.path("image").asText();
        String tag = "";
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        String repo = ref;
        if (colon > slash) {
            repo = ref.substring(0, colon);
            tag = ref.substring(colon + 1);
        }
        String name = repo.substring(repo.lastIndexOf('/') + 1);
        if (!name.equals(project.artifactId())) {
            problems.add(where + ": image " + ref + " is not the " + project.artifactId() + " image (docker/Dockerfile)");
        } else if (!tag.isEmpty() && !tag.equals(project.releaseVersion())) {
            problems.add(where + ": image tag " + tag + " is not the release " + project.releaseVersion() + " (pom.xml)");
        }
    }

    private void env(String where, JsonNode c) {
        String args = String.join(" ", Yaml.texts(c.path("args"))) + " " + String.join(" ", Yaml.texts(c.path("command")));
        for (JsonNode e : c.path("env")) {
            String name = e.path("name").asText();
            if (!Project.APP_ENV.contains(name) && !args.contains("$(" + name + ")")) {
                problems.add(where + ": environment variable " + name + " is neither read by the application "
                        + new TreeSet<>(Project.APP_ENV) + " nor used in its args");
            }
            JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
            if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false)) {
                Optional<JsonNode> cm = configMap(ref.path("name").asText());
                if (cm.isEmpty()) {
                    problems.add(where + ": env " + name + " refers to ConfigMap " + ref.path("name").asText()
                            + ", which is not defined");
                } else if (!cm.get().path("data").has(ref.path("key").asText())) {
                    problems.add(where + ": env " + name + " refers to key " + ref.path("key").asText() + " of ConfigMap "
                            + ref.path("name").asText() + ", which has " + fieldNames(cm.get().path("data")));
                }
            }
        }
        for (JsonNode from : c.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText(null);
            if (cm != null) {
                configMap(cm).ifPresent(m -> fieldNames(m.path("data")).stream().filter(k -> !Project.APP_ENV.contains(k))
                        .forEach(k -> problems.add(where + ": envFrom ConfigMap " + cm + " sets " + k
                                + ", which the application does not read")));
            }
        }
    }

    private void resources(String where, JsonNode c) {
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (c.path("resources").path(kind).path(resource).isMissingNode()) {
                    problems.add(where + ": no resources." + kind + "." + resource);
                }
            }
        }
    }

    /** The metrics port the command serves on, which must be a containerPort named "metrics". */
    private Optional<Integer> metricsPort(String where, JsonNode c, Invocation inv) {
        Optional<Object> port = inv.option("--metrics-port");
        if (port.isEmpty()) {
            return Optional.empty();
        }
        int p = ((Number) port.get()).intValue();
        Optional<Integer> declared = containerPort(c, "metrics");
        if (declared.isEmpty() || declared.get() != p) {
            problems.add(where + ": `" + inv.name() + "` serves metrics on " + p + " but the containerPort named "
                    + "metrics is " + declared.map(Object::toString).orElse("missing"));
        }
        return Optional.of(p);
    }

    private void probes(String where, JsonNode c, Invocation inv, Optional<Integer> metricsPort, String kind) {
        Map<String, String> expected = Map.of("livenessProbe", MetricsServer.LIVE_PATH,
                "readinessProbe", MetricsServer.READY_PATH, "startupProbe", MetricsServer.LIVE_PATH);
        if (kind.equals("Deployment") && inv.name().equals("classify")) {
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                if (c.path(probe).isMissingNode()) {
                    problems.add(where + ": no " + probe + " (the classifier serves " + expected.get(probe) + ")");
                }
            }
        }
        expected.forEach((probe, path) -> {
            JsonNode http = c.path(probe).path("httpGet");
            if (http.isMissingNode()) {
                return;
            }
            if (!http.path("path").asText().equals(path)) {
                problems.add(where + ": " + probe + " asks " + http.path("path").asText() + ", not " + path
                        + " (MetricsServer)");
            }
            JsonNode port = http.path("port");
            Optional<Integer> probed = port.isInt() ? Optional.of(port.asInt()) : containerPort(c, port.asText());
            if (probed.isEmpty() || !probed.equals(metricsPort)) {
                problems.add(where + ": " + probe + " asks port " + port.asText() + " but `" + inv.name()
                        + "` serves health on " + metricsPort.map(Object::toString).orElse("no port"));
            }
        });
    }

    private void threads(String where, JsonNode c, Invocation inv, Workload w) {
        String omp = envValue(c, "OMP_NUM_THREADS").orElse(image.runtime().env().getOrDefault("OMP_NUM_THREADS", "unset"));
        Optional<Double> cpus = cpu(c.path("resources").path("limits").path("cpu").asText(null));
        if (inv.name().equals("classify")) {
            if (!omp.equals("1")) {
                problems.add(where + ": OMP_NUM_THREADS is " + omp + "; the classifier runs one network copy per "
                        + "stream thread, each on 1 native thread");
            }
            int threads = inv.classifyStreamThreads(cpus.orElse(1.0));
            int replicas = w.kind().equals("Deployment") ? w.object().path("spec").path("replicas").asInt(1) : 1;
            if (replicas * threads > Topics.IMAGES_PARTITIONS) {
                problems.add(where + ": " + replicas + " replicas x " + threads + " stream threads exceed the images "
                        + "topic's " + Topics.IMAGES_PARTITIONS + " partitions (Topics.IMAGES_PARTITIONS)");
            }
        } else if (omp.matches("\\d+") && cpus.isPresent() && Integer.parseInt(omp) > Math.ceil(cpus.get())) {
            problems.add(where + ": OMP_NUM_THREADS " + omp + " is more than the CPU limit " + cpus.get());
        }
    }

    private void files(String where, JsonNode pod, JsonNode c, Invocation inv) {
        Dockerfile.Stage runtime = image.runtime();
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        List<String> inImage = DockerfileChecks.filesInImage(project, runtime);
        List<String> inputs = new ArrayList<>();
        ComposeChecks.INPUT_FILE_OPTIONS.forEach(o -> inv.option(o).ifPresent(v -> inputs.add(v.toString())));
        if (inv.name().equals("publish")) {
            inv.positional(0).ifPresent(v -> inputs.add(v.toString()));
        }
        for (String in : inputs) {
            String abs = Dockerfile.join(runtime.workdir(), in);
            Optional<JsonNode> mount = mountOf(c, abs);
            if (mount.isEmpty()) {
                if (!inImage.contains(abs)) {
                    problems.add(where + ": `" + inv.name() + "` reads " + abs + ", which is neither mounted nor in the image");
                }
                continue;
            }
            String key = Path.of(mount.get().path("mountPath").asText()).relativize(Path.of(abs)).toString();
            JsonNode volume = volumes.get(mount.get().path("name").asText());
            if (volume == null) {
                problems.add(where + ": mounts volume " + mount.get().path("name").asText() + ", which the pod lacks");
                continue;
            }
            String cmName = volume.path("configMap").path("name").asText(null);
            if (cmName != null) {
                Optional<JsonNode> cm = configMap(cmName);
                if (cm.isEmpty() || !cm.get().path("data").has(key)) {
                    problems.add(where + ": reads " + abs + " but ConfigMap " + cmName + " has no key " + key);
                } else if (in.equals(inv.option("--kafka-config").map(Object::toString).orElse(null))) {
                    kafkaConfig(where, c, volumes, cm.get().path("data").path(key).asText());
                }
            } else if (volume.has("secret")) {
                List<String> items = new ArrayList<>();
                volume.path("secret").path("items").forEach(i -> items.add(i.path("path").asText()));
                if (!items.isEmpty() && !items.contains(key)) {
                    problems.add(where + ": reads " + abs + " but the secret volume only projects " + items);
                }
            }
        }
        writable(where, c, volumes, inv);
    }

    /** ${dir:PATH:KEY} references of Kafka's DirectoryConfigProvider must point at a mounted Secret. */
    private void kafkaConfig(String where, JsonNode c, Map<String, JsonNode> volumes, String properties) {
        Matcher m = DIR_PROVIDER.matcher(properties);
        if (m.find()) {
            if (!properties.contains("org.apache.kafka.common.config.provider.DirectoryConfigProvider")) {
                problems.add(where + ": client.properties uses ${dir:...} without configuring DirectoryConfigProvider");
            }
            m.reset();
        }
        while (m.find()) {
            String dir = m.group(1);
            boolean mounted = false;
            for (JsonNode vm : c.path("volumeMounts")) {
                JsonNode v = volumes.get(vm.path("name").asText());
                mounted |= vm.path("mountPath").asText().equals(dir) && v != null && v.has("secret");
            }
            if (!mounted) {
                problems.add(where + ": client.properties reads " + m.group(2) + " from " + dir
                        + ", where no Secret is mounted");
            }
        }
    }

    /** Paths the application writes must be on writable volumes when the root filesystem is read-only. */
    private void writable(String where, JsonNode c, Map<String, JsonNode> volumes, Invocation inv) {
        Dockerfile.Stage runtime = image.runtime();
        List<String> outputs = new ArrayList<>();
        ComposeChecks.OUTPUT_OPTIONS.forEach(o -> inv.option(o).ifPresent(v -> outputs.add(v.toString())));
        DockerfileChecks.cachedir(runtime).ifPresent(outputs::add);
        outputs.add("/tmp");
        if ((inv.name().equals("train") || inv.name().equals("produce")) && inv.option("--data").isEmpty()) {
            outputs.add(runtime.env().getOrDefault("HOME", "/root") + "/.cache/fashion-mnist");
        }
        boolean readOnlyRoot = c.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false);
        for (String out : outputs) {
            String abs = Dockerfile.join(runtime.workdir(), out);
            Optional<JsonNode> mount = mountOf(c, abs);
            boolean ok;
            if (mount.isPresent()) {
                JsonNode v = volumes.getOrDefault(mount.get().path("name").asText(), Yaml.MAPPER.createObjectNode());
                ok = !mount.get().path("readOnly").asBoolean(false) && !v.has("configMap") && !v.has("secret");
            } else {
                ok = !readOnlyRoot && DockerfileChecks.writableDirs(runtime).stream()
                        .anyMatch(d -> DockerfileChecks.under(abs, d) || abs.equals("/tmp"));
            }
            if (!ok) {
                problems.add(where + ": `" + inv.name() + "` writes " + abs + ", which is not writable here"
                        + (readOnlyRoot ? " (read-only root filesystem: mount an emptyDir)" : ""));
            }
        }
    }

    private void security(Workload w) {
        JsonNode podSec = w.pod().path("securityContext");
        String uid = image.runtime().last("USER").map(Dockerfile.Instruction::args).orElse("0").split(":")[0];
        for (JsonNode c : w.pod().path("containers")) {
            JsonNode sec = c.path("securityContext");
            boolean nonRoot = sec.path("runAsNonRoot").asBoolean(podSec.path("runAsNonRoot").asBoolean(false));
            if (!nonRoot) {
                problems.add(w.where() + ": runAsNonRoot is not set");
            }
            String runAs = sec.path("runAsUser").asText(podSec.path("runAsUser").asText(uid));
            if (!runAs.equals(uid)) {
                problems.add(w.where() + ": runs as uid " + runAs + " but the image's directories belong to uid " + uid
                        + " (docker/Dockerfile USER)");
            }
        }
    }

    private void services(List<Workload> workloads) {
        for (JsonNode s : kind("Service")) {
            String where = "Service " + s.path("metadata").path("name").asText();
            Map<String, String> selector = strings(s.path("spec").path("selector"));
            List<Workload> selected = workloads.stream()
                    .filter(w -> !selector.isEmpty() && w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            if (selected.isEmpty()) {
                problems.add(where + ": selector " + selector + " matches no workload's pods");
                continue;
            }
            Set<Integer> metricsPorts = new TreeSet<>();
            for (JsonNode port : s.path("spec").path("ports")) {
                JsonNode target = port.path("targetPort").isMissingNode() ? port.path("port") : port.path("targetPort");
                for (Workload w : selected) {
                    for (JsonNode c : w.pod().path("containers")) {
                        Optional<Integer> resolved = target.isInt() ? Optional.of(target.asInt())
                                : containerPort(c, target.asText());
                        if (resolved.isEmpty() || !hasContainerPort(c, resolved.get())) {
                            problems.add(where + ": targetPort " + target.asText() + " is no port of " + w.where());
                        } else {
                            metricsPorts.add(resolved.get());
                        }
                    }
                }
            }
            annotations(where, s.path("metadata").path("annotations"), selected);
        }
        for (Workload w : workloads) {
            annotations(w.where() + " pod template", w.object().path("spec").path("template").path("metadata")
                    .path("annotations"), List.of(w));
        }
    }

    /** prometheus.io/* annotations must name the selected pods' metrics port and path. */
    private void annotations(String where, JsonNode annotations, List<Workload> pods) {
        if (!annotations.path("prometheus.io/scrape").asText("false").equals("true")) {
            return;
        }
        String path = annotations.path("prometheus.io/path").asText(MetricsServer.METRICS_PATH);
        if (!path.equals(MetricsServer.METRICS_PATH)) {
            problems.add(where + ": prometheus.io/path " + path + " is not " + MetricsServer.METRICS_PATH);
        }
        String port = annotations.path("prometheus.io/port").asText("");
        for (Workload w : pods) {
            for (Invocation inv : w.containers().values()) {
                String served = inv.option("--metrics-port").map(Object::toString).orElse("none");
                if (inv.parsed() && !served.equals(port)) {
                    problems.add(where + ": prometheus.io/port " + port + " but `" + inv.name() + "` in " + w.where()
                            + " serves metrics on " + served);
                }
            }
        }
    }

    private void podMonitors(List<Workload> workloads, Set<String> scrapeJobs) {
        for (JsonNode pm : kind("PodMonitor")) {
            String where = "PodMonitor " + pm.path("metadata").path("name").asText();
            Map<String, String> selector = strings(pm.path("spec").path("selector").path("matchLabels"));
            List<Workload> selected = workloads.stream()
                    .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            if (selected.isEmpty()) {
                problems.add(where + ": selector " + selector + " matches no workload's pods");
            }
            for (JsonNode ep : pm.path("spec").path("podMetricsEndpoints")) {
                if (!ep.path("path").asText(MetricsServer.METRICS_PATH).equals(MetricsServer.METRICS_PATH)) {
                    problems.add(where + ": path " + ep.path("path").asText() + " is not " + MetricsServer.METRICS_PATH);
                }
                for (Workload w : selected) {
                    for (JsonNode c : w.pod().path("containers")) {
                        if (containerPort(c, ep.path("port").asText()).isEmpty()) {
                            problems.add(where + ": port " + ep.path("port").asText() + " is no port of " + w.where());
                        }
                    }
                }
            }
            String jobLabel = pm.path("spec").path("jobLabel").asText("");
            for (Workload w : selected) {
                String job = w.podLabels().get(jobLabel);
                String expected = w.commands().contains("classify") ? "classifier"
                        : w.commands().contains("train") ? "trainer" : null;
                if (expected != null && !expected.equals(job)) {
                    problems.add(where + ": the job label of " + w.where() + " would be " + (job == null
                            ? "<namespace>/<podmonitor>" : job) + ", but alerts.yml and the dashboards select job=\""
                            + expected + "\" (set jobLabel to a pod label with that value)");
                }
                if (job != null && !scrapeJobs.contains(job)) {
                    problems.add(where + ": job " + job + " is not a job of deploy/prometheus/prometheus.yml " + scrapeJobs);
                }
            }
        }
    }

    private void dashboards() {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(project.path(Project.GRAFANA_DASHBOARDS))) {
            list.filter(f -> f.toString().endsWith(".json")).forEach(f -> files.add(f.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> maps = kind("ConfigMap").stream()
                .filter(cm -> cm.path("metadata").path("labels").path("grafana_dashboard").isTextual()).toList();
        if (maps.isEmpty()) {
            problems.add("kubernetes: no ConfigMap labelled grafana_dashboard holds the dashboards");
        }
        for (JsonNode cm : maps) {
            Set<String> keys = new TreeSet<>(fieldNames(cm.path("data")));
            if (!keys.equals(files)) {
                problems.add("ConfigMap " + cm.path("metadata").path("name").asText() + ": dashboards " + keys
                        + " but grafana/dashboards has " + files);
                continue;
            }
            for (String f : files) {
                try {
                    ObjectMapper json = new ObjectMapper();
                    if (!json.readTree(cm.path("data").path(f).asText())
                            .equals(json.readTree(project.path(Project.GRAFANA_DASHBOARDS.resolve(f)).toFile()))) {
                        problems.add("ConfigMap " + cm.path("metadata").path("name").asText() + ": " + f
                                + " differs from grafana/dashboards/" + f);
                    }
                } catch (IOException e) {
                    problems.add("ConfigMap " + cm.path("metadata").path("name").asText() + ": " + f + " is not JSON: "
                            + e.getMessage());
                }
            }
        }
    }

    private List<JsonNode> kind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private Optional<JsonNode> configMap(String name) {
        return kind("ConfigMap").stream().filter(cm -> cm.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    private static Optional<JsonNode> mountOf(JsonNode c, String path) {
        JsonNode best = null;
        for (JsonNode vm : c.path("volumeMounts")) {
            String mp = vm.path("mountPath").asText();
            if (DockerfileChecks.under(path, mp)
                    && (best == null || mp.length() > best.path("mountPath").asText().length())) {
                best = vm;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Integer> containerPort(JsonNode c, String name) {
        for (JsonNode p : c.path("ports")) {
            if (p.path("name").asText().equals(name) || p.path("containerPort").asText().equals(name)) {
                return Optional.of(p.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    private static boolean hasContainerPort(JsonNode c, int port) {
        for (JsonNode p : c.path("ports")) {
            if (p.path("containerPort").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> envValue(JsonNode c, String name) {
        for (JsonNode e : c.path("env")) {
            if (e.path("name").asText().equals(name) && e.has("value")) {
                return Optional.of(e.path("value").asText());
            }
        }
        return Optional.empty();
    }

    /** A CPU quantity ("500m", "2") in cores. */
    static Optional<Double> cpu(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
                : Double.parseDouble(quantity));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
