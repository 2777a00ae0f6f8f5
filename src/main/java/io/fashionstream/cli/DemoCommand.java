package io.fashionstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.kafka.ImageSource;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.metrics.MetricsServer;
import io.fashionstream.metrics.Registries;
import io.fashionstream.model.Architecture;
import io.fashionstream.model.InvalidModelException;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.ModelMetadata;
import io.fashionstream.registry.Manifest;
import io.fashionstream.registry.ModelPolicy;
import io.fashionstream.registry.ModelPublisher;
import io.fashionstream.registry.ModelVersion;
import io.fashionstream.registry.RegistryConfig;
import io.fashionstream.registry.RegistryModelSource;
import io.fashionstream.registry.SigningKey;
import io.fashionstream.stream.ClassifierConfig;
import io.fashionstream.stream.ClassifierService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole system in one process, as the README's first command. A Kafka broker in this JVM
 * (or an existing cluster), the model published to the models topic, the classifier following that topic
 * (so the model arrives through the real registry and hot-swap path), the test images streamed through it
 * with live progress read back as a downstream consumer would, a summary, and then everything kept up for
 * other terminals until Ctrl-C. Exit code 0 only if every image got a prediction or a dead letter.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole system in one command: start a Kafka broker in this process (or use "
            + "--bootstrap-servers), publish the shipped model (or --model FILE, or --train) to the models topic, run "
            + "the classifier following that topic with its metrics endpoint, stream the 10,000 Fashion-MNIST test "
            + "images through it with live progress, and print a summary.",
            "Then keep the broker, classifier and metrics up for `consume`, `produce` and /metrics from other "
            + "terminals until Ctrl-C (--exit stops at once). Exit code 0 only if every image got a prediction or a "
            + "dead letter."})
final class DemoCommand implements Callable<Integer> {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    /** Stands in for env KAFKA_BOOTSTRAP_SERVERS, to tell "no cluster named" from a named one. */
    private static final String EMBEDDED = "(embedded)";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--model", paramLabel = "FILE", description = "Model artifact to publish (default: the shipped "
            + ShippedModel.RELATIVE_PATH + ")")
    Path model;

    @Option(names = "--train", description = "Train a model first (minutes) and publish that; writes "
            + "models/<arch>-demo.fsmodel")
    boolean train;

    @Option(names = "--arch", paramLabel = "ARCH", description = "With --train: mlp | cnn | cnn-bn (default: cnn-bn)")
    String arch;

    @Option(names = "--epochs", paramLabel = "N", description = "With --train: epochs (default: the architecture's)")
    Integer epochs;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST files (default: "
            + "search, then download once)")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Stream only the first N test images (default: all 10,000)")
    Integer limit;

    @Option(names = "--rate", paramLabel = "IMAGES_PER_S", defaultValue = "0",
            description = "Images per second; 0 = as fast as possible (default: 0)")
    double rate;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Classifier stream threads, each with its own network copy (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of /metrics and /health/*; 0 picks a "
            + "free one (default: " + MetricsServer.CLASSIFIER_PORT + ", or a free one if that is taken)")
    Integer metricsPort;

    @Option(names = "--exit", description = "Exit after the summary instead of running until Ctrl-C (for scripts)")
    boolean exit;

    @Option(names = "--no-progress", description = "No live progress line (there is none without a terminal either)")
    boolean noProgress;

    @Option(names = "--verbose", description = "Show the services' INFO log lines too (env "
            + QuietLogs.ENV + " also does)")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        validate();
        Path modelFile;
        if (train) {
            modelFile = Path.of("models", (arch == null ? Architecture.DEFAULT.id() : arch) + "-demo" + ModelArtifact.EXTENSION);
            int code = train(modelFile);
            if (code != 0) {
                return code;
            }
        } else {
            modelFile = model != null ? model : ShippedModel.locate(Path.of(""), ShippedModel.codeLocation());
        }
        DemoModel demoModel = DemoModel.read(modelFile);
        ImageSource images = images();
        try (StopSignal stop = StopSignal.install(); QuietLogs quiet = QuietLogs.unless(verbose, System.getenv())) {
            String bootstrap = kafka.properties(Map.of(KafkaOptions.ENV, EMBEDDED))
                    .getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
            try {
                if (EMBEDDED.equals(bootstrap)) {
                    return runOnEmbeddedBroker(demoModel, images, stop);
                }
                out().printf("Using the Kafka cluster at %s%n", bootstrap);
                return run(kafka.properties(), bootstrap, demoModel, images, stop);
            } finally {
                out().println("Stopped.");
                out().flush();
            }
        }
    }

    /**
     * The broker for the demo unless {@code --bootstrap-servers} (or {@code bootstrap.servers} in {@code --kafka} or
     * {@code --kafka-config}) names a cluster; env {@value KafkaOptions#ENV} does not count, so that a variable left
     * over from another session does not turn the first command into one that needs a running cluster.
     */
    private int runOnEmbeddedBroker(DemoModel demoModel, ImageSource images, StopSignal stop) throws Exception {
        out().printf("Starting a Kafka broker in this process (KRaft, single node, temporary data) ...%n");
        out().flush();
        try (EmbeddedKafka broker = EmbeddedKafka.start(BrokerConfig.defaults())) {
            out().printf("Kafka broker ready at %s  (other terminals: --bootstrap-servers %s)%n",
                    broker.bootstrapServers(), broker.bootstrapServers());
            return run(broker.clientProperties(), broker.bootstrapServers(), demoModel, images, stop);
        }
    }

    private void validate() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1. Got: " + limit);
        }
        if (rate < 0 || Double.isNaN(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be 0 or more. Got: " + rate);
        }
        if (train && model != null) {
            throw new ParameterException(spec.commandLine(), "--model and --train exclude each other");
        }
        if (!train && (arch != null || epochs != null)) {
            throw new ParameterException(spec.commandLine(), "--arch and --epochs go with --train");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be 0..65535. Got: " + metricsPort);
        }
    }

    /** Runs the {@code train} command as the user would, so its progress, report and checks are the same. */
    private int train(Path output) {
        CommandLine parent = spec.commandLine().getParent();
        if (parent == null || !parent.getSubcommands().containsKey("train")) {
            throw new IllegalStateException("demo --train needs the train command beside it");
        }
        List<String> args = new ArrayList<>(List.of("--output", output.toString()));
        Optional.ofNullable(arch).ifPresent(a -> args.addAll(List.of("--arch", a)));
        Optional.ofNullable(epochs).ifPresent(e -> args.addAll(List.of("--epochs", e.toString())));
        Optional.ofNullable(data).ifPresent(d -> args.addAll(List.of("--data", d.toString())));
        out().printf("Training a model first (--train): train %s%n", String.join(" ", args));
        out().flush();
        return parent.getSubcommands().get("train").execute(args.toArray(String[]::new));
    }

    private ImageSource images() {
        LabelledImages test = DatasetLocator.standard(Optional.ofNullable(data)).locate().test();
        int count = limit == null ? test.size() : Math.min(limit, test.size());
        return ImageSource.dataset(test, "test").range(0, count);
    }

    private int run(Properties props, String bootstrap, DemoModel demoModel, ImageSource images, StopSignal stop)
            throws Exception {
        RegistryConfig registryConfig = new RegistryConfig(props, registry.topic,
                SigningKey.resolve(registry.signingKeyFile, System.getenv()));
        Path stateDir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
                "fashion-stream-demo-");
        ClassifierConfig config = ClassifierConfig.defaults().withStreamThreads(threads).withStateDir(stateDir)
                .withKafkaProperties(strings(props));
        PrometheusMeterRegistry meters = Registries.prometheus("classifier");
        ClassifierMetrics metrics = new ClassifierMetrics(meters);
        try (RegistryModelSource source = RegistryModelSource.start(registryConfig, ModelPolicy.LATEST, metrics);
             ClassifierService service = new ClassifierService(config, source, metrics);
             MetricsServer server = metricsServer(meters, service)) {
            service.start();
            String metricsUrl = "http://localhost:" + server.port() + MetricsServer.METRICS_PATH;
            out().printf("Classifier started, waiting for a model on %s; metrics on %s%n", registryConfig.topic(), metricsUrl);
            Manifest published = new ModelPublisher(registryConfig).publish(demoModel.bytes(), display(demoModel.file()));
            String version = ModelVersion.name(published.version());
            out().printf(Locale.ROOT, "Published %s as %s on %s: %s%n", display(demoModel.file()), version, registryConfig.topic(),
                    demoModel.describe());
            out().flush();
            if (!awaitServing(source, service, published.version(), stop)) {
                return stop.requested() ? 1 : failed(service, "the classifier did not start serving " + version + " within "
                        + STARTUP_TIMEOUT.toSeconds() + " s" + rejection(source, version));
            }
            out().printf("Classifier running, serving %s (verified and loaded from %s)%n", version, registryConfig.topic());
            int code = new DemoStream(out(), spec.commandLine().getErr(), stop, rate, !noProgress)
                    .run(props, config, service, images, version + " = " + demoModel.describe() + ", from "
                            + display(demoModel.file()), demoModel.metadata().testAccuracy());
            if (!exit && !stop.requested() && service.failure().isEmpty()) {
                printNextSteps(bootstrap, version, metricsUrl, demoModel.file());
                code = awaitStop(service, stop) ? code : 1;
            }
            out().println("Stopping ...");
            out().flush();
            return code;
        } finally {
            meters.close();
            Utils.delete(stateDir.toFile());
        }
    }

    private void printNextSteps(String bootstrap, String version, String metricsUrl, Path published) {
        PrintWriter out = out();
        out.printf("%nStill running: broker %s, classifier serving %s, metrics %s. Ctrl-C stops everything.%n",
                bootstrap, version, metricsUrl);
        out.printf("From another terminal:%n");
        out.printf("  bin/fashion-stream consume --bootstrap-servers %s --from-beginning   # the predictions, one a line%n",
                bootstrap);
        out.printf("  bin/fashion-stream produce --bootstrap-servers %s --limit 1000 --rate 50   # more images, live%n",
                bootstrap);
        Path other = published.toAbsolutePath().resolveSibling("cnn.fsmodel");
        out.printf("  bin/fashion-stream publish %s --bootstrap-servers %s   # a new model version, hot-swapped in%n",
                Files.isRegularFile(other) && !other.equals(published.toAbsolutePath()) ? display(other) : "FILE.fsmodel",
                bootstrap);
        out.printf("  curl %s   # or open it in a browser; readiness: %s%n", metricsUrl,
                metricsUrl.replace(MetricsServer.METRICS_PATH, MetricsServer.READY_PATH));
        out.flush();
    }

    /** Waits for Ctrl-C; false if the classifier failed first. */
    private boolean awaitStop(ClassifierService service, StopSignal stop) throws InterruptedException {
        while (!stop.await(Duration.ofSeconds(1))) {
            if (service.failure().isPresent()) {
                failed(service, "the classifier stopped");
                return false;
            }
        }
        out().println();
        return true;
    }

    private static boolean awaitServing(RegistryModelSource source, ClassifierService service, int version, StopSignal stop)
            throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (source.servingVersion() != version || !service.isRunning()) {
            if (stop.requested() || service.failure().isPresent() || System.nanoTime() > deadline
                    || source.rejected().containsKey(ModelVersion.name(version))) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static String rejection(RegistryModelSource source, String version) {
        var reason = source.rejected().get(version);
        return reason == null ? "" : ": it was rejected (" + reason.code() + ")";
    }

    private int failed(ClassifierService service, String message) {
        String cause = service.failure().map(f -> ": " + f.getMessage()).orElse("");
        spec.commandLine().getErr().println(spec.commandLine().getColorScheme().errorText("error: " + message + cause));
        spec.commandLine().getErr().flush();
        return 1;
    }

    private MetricsServer metricsServer(PrometheusMeterRegistry meters, ClassifierService service) {
        int port = metricsPort == null ? MetricsServer.CLASSIFIER_PORT : metricsPort;
        try {
            return MetricsServer.start("0.0.0.0", port, meters, service::health);
        } catch (UncheckedIOException e) {
            if (metricsPort != null) {
                throw new IllegalArgumentException(e.getMessage() + " (choose another --metrics-port, or 0 for any)", e);
            }
            spec.commandLine().getErr().printf("warning: port %d is taken (%s); serving metrics on a free port instead%n",
                    port, e.getMessage());
            return MetricsServer.start("0.0.0.0", 0, meters, service::health);
        }
    }

    private static Map<String, String> strings(Properties props) {
        Map<String, String> m = new TreeMap<>();
        props.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }

    /** {@code file} relative to the working directory when it lies below it (shorter to read and to copy), else absolute. */
    static String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The artifact to publish: its exact bytes (the registry's digest is the file's) and its metadata. */
    record DemoModel(Path file, byte[] bytes, ModelMetadata metadata) {
        static DemoModel read(Path file) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                return new DemoModel(file, bytes, ModelArtifact.fromBytes(bytes, file.toString()).metadata());
            } catch (NoSuchFileException e) {
                throw new InvalidModelException(file + ": file not found", e);
            } catch (IOException e) {
                throw new InvalidModelException(file + ": cannot read (" + e.getMessage() + ")", e);
            }
        }

        String describe() {
            return String.format(Locale.ROOT, "%s (%s, recorded test accuracy %s)", metadata.version(),
                    metadata.architecture(), DemoTally.percent(metadata.testAccuracy()));
        }
    }
}
