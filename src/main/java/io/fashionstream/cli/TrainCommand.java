package io.fashionstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.fashionstream.data.DatasetFiles;
import io.fashionstream.data.DatasetLocator;
import io.fashionstream.metrics.Health;
import io.fashionstream.metrics.MetricsServer;
import io.fashionstream.metrics.Registries;
import io.fashionstream.metrics.TrainerMetrics;
import io.fashionstream.model.Architecture;
import io.fashionstream.model.EpochStats;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.TrainingConfig;
import io.fashionstream.model.TrainingJob;
import io.fashionstream.model.TrainingReport;
import io.fashionstream.model.Trainer;
import io.fashionstream.registry.ModelPublisher;
import io.fashionstream.registry.RegistryConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code train}: trains a network on Fashion-MNIST and writes a model artifact and a report. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on Fashion-MNIST, evaluate it on the test set, write a model artifact and a report.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "cnn-bn", description = "mlp | cnn | cnn-bn (default: ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--data", description = "Directory with the four Fashion-MNIST files (default: search FASHION_MNIST_DIR, "
            + "/usr/share/datasets/fashion-mnist, ~/.cache/fashion-mnist, then download)")
    Path data;

    @Option(names = {"-o", "--output"}, description = "Artifact file (default: models/<arch>.fsmodel)")
    Path output;

    @Option(names = "--report", description = "Report directory (default: <output>-report)")
    Path report;

    @Option(names = "--epochs", description = "Epochs (default: the architecture's)")
    Integer epochs;

    @Option(names = "--batch-size", description = "Minibatch size (default: the architecture's)")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Initial Adam learning rate (default: the architecture's)")
    Double learningRate;

    @Option(names = "--lr-schedule", description = "constant | linear (decays towards zero over the planned epochs) "
            + "(default: the architecture's)")
    String schedule;

    @Option(names = "--augment", negatable = true, description = "Random horizontal flips (default: the architecture's)")
    Boolean augment;

    @Option(names = "--label-smoothing", description = "Share of each target's probability spread over all classes, "
            + "0 for none (default: the architecture's)")
    Double labelSmoothing;

    @Option(names = "--weight-averaging", description = "Decay of the moving average of the weights scored beside them "
            + "each epoch, 0 for none (default: the architecture's)")
    Double weightAveraging;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--validation", defaultValue = "5000", description = "Training images held out for validation (default: ${DEFAULT-VALUE})")
    int validation;

    @Option(names = "--max-minutes", defaultValue = "30", description = "Stop after the epoch that exceeds this budget (default: ${DEFAULT-VALUE})")
    double maxMinutes;

    @Option(names = "--limit", description = "Train on only the first N training images (smoke runs)")
    Integer limit;

    @Option(names = "--metrics-port", defaultValue = "" + MetricsServer.TRAINER_PORT,
            description = "Serve Prometheus metrics and health on this port while training; 0 picks a free one. "
                    + "A port in use only prints a warning (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--metrics-bind", defaultValue = "0.0.0.0", description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE})")
    String metricsBind;

    @Option(names = "--publish", description = "After saving the artifact, publish it as the next version on the models "
            + "topic (as `publish FILE` does; takes the Kafka and signing options)")
    boolean publish;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    /** Where {@code --publish} sends the artifact; resolved before training, so a bad key file fails at once. */
    private RegistryConfig publishTo;

    @Override
    public Integer call() throws Exception {
        publishTo = publish ? registry.config(kafka) : null;
        TrainingConfig config = config();
        DatasetFiles files = DatasetLocator.standard(Optional.ofNullable(data)).locate();
        var out = spec.commandLine().getOut();
        PrometheusMeterRegistry registry = Registries.prometheus("trainer");
        try (MetricsServer server = startMetrics(registry)) {
            return train(config, files, out, new TrainerMetrics(registry));
        } finally {
            registry.close();
        }
    }

    private Integer train(TrainingConfig config, DatasetFiles files, java.io.PrintWriter out, TrainerMetrics metrics)
            throws Exception {
        out.printf("Training %s on %s (%s)%n", config.architecture().id(), files.trainImages().getParent(), describe(config));
        ProgressListener progress = new ProgressListener(out);
        Trainer.Listener listener = metrics.andThen(progress);
        long started = System.nanoTime();
        ModelArtifact artifact;
        try {
            artifact = limit == null ? TrainingJob.run(config, files, listener)
                    : TrainingJob.run(config, files.train().slice(0, limit), files.test(), files, listener);
        } finally {
            progress.close();
        }
        metrics.finished(artifact.metadata().version(), artifact.metadata().testAccuracy(),
                Duration.ofNanos(System.nanoTime() - started));
        Path file = output != null ? output : Path.of("models", config.architecture().id() + ModelArtifact.EXTENSION);
        artifact.save(file);
        Path reportDir = report != null ? report
                : file.resolveSibling(file.getFileName().toString().replace(ModelArtifact.EXTENSION, "") + "-report");
        TrainingReport.write(artifact.metadata(), reportDir);
        var m = artifact.metadata();
        out.printf(Locale.ROOT, "%nTest accuracy %.2f%% (best epoch %d, %.0f s, %.0f images/s)%n", 100 * m.testAccuracy(),
                m.bestEpoch(), m.trainingSeconds(), m.trainingImagesPerSecond());
        out.printf("Model %s -> %s%nReport -> %s%n", m.version(), file, reportDir.resolve(TrainingReport.SUMMARY));
        if (publishTo != null) {
            publish(file, out);
            metrics.published(m.version());
        }
        return 0;
    }

    /** Publishes the saved file's exact bytes, so the registry's SHA-256 is the file's. */
    private void publish(Path file, java.io.PrintWriter out) throws java.io.IOException {
        try {
            PublishCommand.print(out, new ModelPublisher(publishTo).publish(Files.readAllBytes(file), file.toString()),
                    publishTo, kafka.bootstrapServers());
        } catch (KafkaException e) {
            throw new KafkaException(e.getMessage() + "; the model is saved: publish it later with `fashion-stream publish "
                    + file + "`", e);
        }
    }

    /** The metrics endpoint, or null when its port is taken: metrics never stop a training run. */
    private MetricsServer startMetrics(PrometheusMeterRegistry registry) {
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("--metrics-port must be 0..65535 (0 picks a free one). Got: " + metricsPort);
        }
        try {
            MetricsServer server = MetricsServer.start(metricsBind, metricsPort, registry, Health::up);
            spec.commandLine().getOut().printf("Metrics on http://%s:%d%s%n", metricsBind, server.port(), MetricsServer.METRICS_PATH);
            return server;
        } catch (java.io.UncheckedIOException e) {
            spec.commandLine().getErr().printf("warning: %s; training without a metrics endpoint "
                    + "(choose another --metrics-port)%n", e.getMessage());
            return null;
        }
    }

    private TrainingConfig config() {
        TrainingConfig c = Architecture.fromId(arch).defaults().withSeed(seed).withValidationSize(validation)
                .withMaxDuration(Duration.ofSeconds(Math.round(maxMinutes * 60)));
        if (epochs != null) {
            c = c.withEpochs(epochs);
        }
        if (batchSize != null) {
            c = c.withBatchSize(batchSize);
        }
        if (learningRate != null) {
            c = c.withLearningRate(learningRate);
        }
        if (schedule != null) {
            c = c.withSchedule(io.fashionstream.model.LearningRateSchedule.fromId(schedule));
        }
        if (augment != null) {
            c = c.withAugment(augment);
        }
        if (labelSmoothing != null) {
            c = c.withLabelSmoothing(labelSmoothing);
        }
        if (weightAveraging != null) {
            c = c.withWeightAveraging(weightAveraging);
        }
        return c;
    }

    private static String describe(TrainingConfig c) {
        return String.format(Locale.ROOT, "%d epochs, batch %d, lr %s %s, augment %s, label smoothing %s, "
                        + "weight averaging %s, seed %d, OMP_NUM_THREADS=%s",
                c.epochs(), c.batchSize(), c.learningRate(), c.schedule().id(), c.augment(), c.labelSmoothing(),
                c.weightAveraging(), c.seed(),
                Optional.ofNullable(System.getenv("OMP_NUM_THREADS")).orElse("unset"));
    }

    /** Draws one progress bar per epoch: images/s, epoch, ETA and the last validation accuracy. */
    private static final class ProgressListener implements Trainer.Listener, AutoCloseable {
        private final java.io.PrintWriter out;
        private ProgressBar bar;
        private int trainImages;
        private int epochs;
        private String lastValidation = "-";

        ProgressListener(java.io.PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onStart(TrainingConfig config, int trainImages, int validationImages) {
            this.trainImages = trainImages;
            this.epochs = config.epochs();
            out.printf("%d training images, %d held out for validation%n", trainImages, validationImages);
            out.flush();
        }

        @Override
        public void onBatch(int epoch, int imagesDone, double loss) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs))
                        .setInitialMax(trainImages).setStyle(ProgressBarStyle.ASCII).setUnit(" img", 1)
                        .showSpeed().setUpdateIntervalMillis(500).continuousUpdate().build();
            }
            bar.stepTo(imagesDone);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.3f val %s", loss, lastValidation));
        }

        @Override
        public void onEpoch(EpochStats s, boolean best) {
            close();
            lastValidation = String.format(Locale.ROOT, "%.4f", s.bestValidationAccuracy());
            String averaged = s.averagedValidationAccuracy() == null ? ""
                    : String.format(Locale.ROOT, " (averaged weights %.4f)", s.averagedValidationAccuracy());
            out.printf(Locale.ROOT, "epoch %d: train loss %.4f, validation accuracy %.4f%s%s, %.0f s, %.0f img/s%n",
                    s.epoch(), s.trainLoss(), s.validationAccuracy(), averaged, best ? " (best)" : "", s.seconds(),
                    s.imagesPerSecond());
            out.flush();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
