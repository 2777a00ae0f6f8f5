package io.fashionstream.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.fashionstream.data.DecodeLimits;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.kafka.Topics;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.metrics.MetricsServer;
import io.fashionstream.metrics.Registries;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.registry.ModelPolicy;
import io.fashionstream.registry.RegistryConfig;
import io.fashionstream.registry.RegistryModelSource;
import io.fashionstream.stream.ClassifierConfig;
import io.fashionstream.stream.ClassifierService;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code classify}: runs the classifier (a Kafka Streams application) until Ctrl-C, with the metrics and
 * health endpoint beside it. Exits 0 after a clean shutdown, 1 if the classifier failed.
 */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify images from Kafka: read " + Topics.IMAGES + " (784 raw grayscale bytes "
                + "or a PNG/JPEG/GIF/BMP per record), write one JSON prediction per image to " + Topics.PREDICTIONS
                + " and every record that cannot be classified to " + Topics.DEAD_LETTERS + ", exactly once. "
                + "Runs until Ctrl-C."})
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--model", paramLabel = "FILE", description = "Model artifact to serve (from `train`); without it, "
            + "versions come from the models topic and the classifier is ready once the first one is loaded")
    Path model;

    @Option(names = "--model-policy", paramLabel = "POLICY", description = "Without --model, which version serves: "
            + "latest (default; follows each new version, promote and rollback), best (highest test accuracy), or a "
            + "version such as 3 (pinned: ignores promote and rollback)")
    String modelPolicy;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--input-topic", paramLabel = "TOPIC", defaultValue = Topics.IMAGES,
            description = "Images to classify (default: ${DEFAULT-VALUE})")
    String inputTopic;

    @Option(names = "--predictions-topic", paramLabel = "TOPIC", defaultValue = Topics.PREDICTIONS,
            description = "Where predictions go (default: ${DEFAULT-VALUE})")
    String predictionsTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", defaultValue = Topics.DEAD_LETTERS,
            description = "Where unusable records go (default: ${DEFAULT-VALUE})")
    String deadLetterTopic;

    @Option(names = "--batch-size", paramLabel = "N", description = "Max images per inference batch (default: "
            + ClassifierConfig.DEFAULT_BATCH_SIZE + ")")
    int batchSize = ClassifierConfig.DEFAULT_BATCH_SIZE;

    @Option(names = "--batch-delay", paramLabel = "TIME", converter = MillisConverter.class,
            description = "Max time the oldest image waits for its batch to fill, e.g. 20ms or 0.5s (default: "
                    + ClassifierConfig.DEFAULT_BATCH_DELAY_MS + "ms)")
    Duration batchDelay = ClassifierConfig.DEFAULT_BATCH_DELAY;

    @Option(names = "--threads", paramLabel = "N",
            description = "Stream threads (with --inference-threads 0 each runs its own network copy on one OpenMP thread); "
                    + "useful up to the input partitions (default: one per core, which the benchmark measured fastest)")
    Integer threads;

    @Option(names = "--inference-threads", paramLabel = "N",
            description = "Threads that run the network, each with its own copy on one OpenMP thread, so that the stream "
                    + "threads go on polling and committing while a batch runs; 0 runs it on the stream threads. Measured "
                    + "no faster on the 2-core benchmark machine, where a 2ms batch delay suited it best (README, "
                    + "\"Throughput\") (default: ${DEFAULT-VALUE})")
    int inferenceThreads = 0;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = ClassifierConfig.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id: instances with the same id share the work (default: "
                    + "${DEFAULT-VALUE})")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state directory "
            + "(default: Kafka Streams' own, under java.io.tmpdir)")
    Path stateDir;

    @Option(names = "--max-image-bytes", paramLabel = "N", description = "Refuse encoded images larger than this "
            + "(default: " + DecodeLimits.DEFAULT_MAX_BYTES + ")")
    int maxImageBytes = DecodeLimits.DEFAULT_MAX_BYTES;

    @Option(names = "--max-image-pixels", paramLabel = "N", description = "Refuse images declaring more pixels "
            + "(width x height) than this, before decoding them (default: " + DecodeLimits.DEFAULT_MAX_PIXELS + ")")
    long maxImagePixels = DecodeLimits.DEFAULT_MAX_PIXELS;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "" + MetricsServer.CLASSIFIER_PORT,
            description = "Port of /metrics and /health/*; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address the metrics endpoint binds to (default: ${DEFAULT-VALUE})")
    String metricsBind;

    @Override
    public Integer call() throws InterruptedException {
        ClassifierConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrometheusMeterRegistry registry = Registries.prometheus("classifier");
        ClassifierMetrics metrics = new ClassifierMetrics(registry);
        try (ModelSource models = modelSource(metrics);
             ClassifierService service = new ClassifierService(config, models, metrics);
             MetricsServer server = metricsServer(registry, service)) {
            CountDownLatch closed = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                service.close();
                closed.countDown();
            }, "classify-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            service.start();
            out.printf("Classifying %s -> %s (dead letters: %s) on %s; metrics on http://%s:%d%s. Ctrl-C stops.%n",
                    config.inputTopic(), config.predictionsTopic(), config.deadLetterTopic(), kafka.bootstrapServers(),
                    metricsBind, server.port(), MetricsServer.METRICS_PATH);
            out.flush();
            service.awaitTermination();
            if (service.failure().isPresent()) {
                spec.commandLine().getErr().println(spec.commandLine().getColorScheme().errorText(
                        "error: the classifier stopped: " + service.failure().get().getMessage()));
                return 1;
            }
            closed.await();
            return 0;
        } finally {
            registry.close();
        }
    }

    private MetricsServer metricsServer(PrometheusMeterRegistry registry, ClassifierService service) {
        try {
            return MetricsServer.start(metricsBind, metricsPort, registry, service::health);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage() + " (choose another --metrics-port, or 0 for any)", e);
        }
    }

    private ClassifierConfig config() {
        Map<String, String> props = new TreeMap<>();
        kafka.properties().forEach((k, v) -> props.put(k.toString(), v.toString()));
        // An invalid value throws IllegalArgumentException naming it; Main prints that as one line.
        int streamThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchSize,
                batchDelay, new DecodeLimits(maxImageBytes, maxImagePixels), streamThreads, inferenceThreads, stateDir,
                props);
    }

    /**
     * The model to serve: the {@code --model} file, fixed for the life of the process; without {@code --model},
     * the versions on the models topic (and the service waits, not ready, until the first one is loaded).
     */
    ModelSource modelSource(ClassifierMetrics metrics) {
        if (model == null) {
            return registrySource(metrics);
        }
        if (modelPolicy != null || registry.signingKeyFile != null) {
            throw new IllegalArgumentException("--model-policy and --signing-key-file choose and check versions from the "
                    + "models topic; leave them out with --model FILE");
        }
        ModelArtifact artifact = ModelArtifact.load(model);
        var meta = artifact.metadata();
        return ModelSource.fixed(new ServingModel(meta.version(), meta.testAccuracy(), artifact.predictor()));
    }

    /** Versions from the models topic (see {@link RegistryModelSource}): nothing serves until one is verified and loaded. */
    private ModelSource registrySource(ClassifierMetrics metrics) {
        ModelPolicy policy = modelPolicy == null ? ModelPolicy.LATEST : ModelPolicy.parse(modelPolicy);
        RegistryConfig config = registry.config(kafka);
        spec.commandLine().getOut().printf("Model versions from %s (policy %s, signatures %s); ready once one is loaded%n",
                config.topic(), policy, config.signingKey().isPresent() ? "required" : "not checked");
        return RegistryModelSource.start(config, policy, metrics);
    }

    /** Accepts {@code 20ms}, {@code 1.5s} or a plain number of milliseconds. */
    static final class MillisConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                }
                if (v.endsWith("s")) {
                    return Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1e9));
                }
                return Duration.ofMillis(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a time like 20ms, 1.5s or 250");
            }
        }
    }
}
