package io.fashionstream.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.apache.kafka.streams.KafkaStreams;

import io.fashionstream.data.FashionClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

/**
 * The classifier's meters. The stream processors call these methods; all are thread-safe and cheap
 * (meters are created once and cached). Tags come only from bounded sets: outcome, dead-letter reason
 * code, class (10 names), model version.
 *
 * <p>Exported to Prometheus as (see {@code MetricNamesTest}, which pins them for the dashboards):
 * {@code classifier_records_total{outcome,reason}}, {@code classifier_batch_size_*},
 * {@code classifier_inference_seconds_*}, {@code classifier_latency_seconds_*},
 * {@code classifier_predictions_total{class}}, {@code classifier_confidence_percent_*},
 * {@code classifier_labelled_total{version}}, {@code classifier_correct_total{version}},
 * {@code classifier_confusion_total{version,true_class,predicted_class}},
 * {@code classifier_model_loaded}, {@code classifier_model_serving{version}},
 * {@code classifier_model_test_accuracy{version}}, {@code classifier_model_swaps_total},
 * {@code classifier_model_rejected_total{reason}}.
 */
public class ClassifierMetrics {
    /** Outcome tag values of {@code classifier.records}. */
    public static final String CLASSIFIED = "classified";
    public static final String DEAD_LETTERED = "dead_lettered";

    private static final double[] BATCH_SIZE_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
    // In percent: Micrometer rounds recorded values up to whole numbers before bucketing (micrometer#2341),
    // so a 0..1 histogram would put everything in le=1. Whole-number bounds keep the buckets exact.
    private static final double[] CONFIDENCE_BUCKETS = {20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 100};
    private static final Duration[] INFERENCE_BUCKETS = millis(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000);
    private static final Duration[] LATENCY_BUCKETS = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
            30000, 60000);

    /** How often {@link #bind} looks for Kafka client metrics created after binding. */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    protected final MeterRegistry registry;

    private final Counter classified;
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final DistributionSummary batchSize;
    private final Timer inference;
    private final Timer latency;
    private final Counter[] predictions = new Counter[FashionClass.COUNT];
    private final DistributionSummary confidence;
    private final Map<String, VersionMeters> versions = new ConcurrentHashMap<>();
    private final AtomicInteger modelLoaded = new AtomicInteger();
    private final AtomicReference<String> serving = new AtomicReference<>();
    private final Map<String, AtomicInteger> servingGauges = new ConcurrentHashMap<>();
    private final Counter swaps;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public ClassifierMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        classified = records(CLASSIFIED, "none");
        batchSize = DistributionSummary.builder("classifier.batch.size")
                .description("Images per micro-batch sent through the network")
                .serviceLevelObjectives(BATCH_SIZE_BUCKETS).register(registry);
        inference = Timer.builder("classifier.inference").description("Network time per micro-batch")
                .serviceLevelObjectives(INFERENCE_BUCKETS).register(registry);
        latency = Timer.builder("classifier.latency")
                .description("End-to-end latency: from the input record's timestamp to its prediction")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        for (FashionClass c : FashionClass.values()) {
            predictions[c.label()] = Counter.builder("classifier.predictions").description("Predictions by predicted class")
                    .tag("class", c.displayName()).register(registry);
        }
        confidence = DistributionSummary.builder("classifier.confidence")
                .description("Probability of the predicted class, in percent")
                .baseUnit("percent").scale(100).serviceLevelObjectives(CONFIDENCE_BUCKETS).register(registry);
        Gauge.builder("classifier.model.loaded", modelLoaded, AtomicInteger::get).strongReference(true)
                .description("1 once a model version is serving, 0 before").register(registry);
        swaps = Counter.builder("classifier.model.swaps")
                .description("Times the serving model version changed after the first load").register(registry);
    }

    /** A batch of {@code size} images went through the network in {@code inference}. */
    public void batch(int size, Duration inference) {
        if (size < 1) {
            throw new IllegalArgumentException("Batch size must be positive. Got: " + size);
        }
        batchSize.record(size);
        this.inference.record(inference);
    }

    /**
     * One prediction written. {@code endToEnd}: from the input record's timestamp to now (a negative value,
     * from clock skew, counts as zero). {@code trueLabel} is -1 when the input carried no label.
     */
    public void classified(String modelVersion, int predictedLabel, double confidence, int trueLabel, Duration endToEnd) {
        FashionClass predicted = FashionClass.ofLabel(predictedLabel);
        if (trueLabel < -1 || trueLabel >= FashionClass.COUNT) {
            throw new IllegalArgumentException("True label must be -1 (none) or 0..9. Got: " + trueLabel);
        }
        classified.increment();
        predictions[predictedLabel].increment();
        this.confidence.record(confidence);
        latency.record(endToEnd.isNegative() ? Duration.ZERO : endToEnd);
        if (trueLabel >= 0) {
            versions.computeIfAbsent(modelVersion, VersionMeters::new).labelled(trueLabel, predicted.label());
        }
    }

    /** One record sent to the dead-letter topic with a stable reason code (e.g. {@code not_an_image}). */
    public void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> records(DEAD_LETTERED, r)).increment();
    }

    /** A model version started serving (initial load or swap); calling it again for the serving version is a no-op. */
    public void modelServing(String version, double testAccuracy) {
        Objects.requireNonNull(version, "version");
        String previous = serving.getAndSet(version);
        if (version.equals(previous)) {
            return;
        }
        servingGauge(version).set(1);
        if (previous != null) {
            servingGauge(previous).set(0);
            swaps.increment();
        }
        if (!Double.isNaN(testAccuracy)) {
            Gauge.builder("classifier.model.test.accuracy", () -> testAccuracy)
                    .description("Test-set accuracy (0..1) recorded in the model's metadata when it was trained")
                    .tag("version", version).register(registry);
        }
        modelLoaded.set(1);
    }

    /** A model version from the topic was refused (bad digest, bad signature, does not load ...). */
    public void modelRejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("classifier.model.rejected")
                .description("Model versions refused, by reason").tag("reason", r).register(registry)).increment();
    }

    /**
     * Binds the Kafka Streams client metrics (consumer lag, poll and commit rates, producer errors ...) of
     * {@code streams} to this registry. Close the result when the streams instance is closed.
     *
     * <p>Kafka creates per-partition metrics such as {@code records-lag} only once partitions are assigned,
     * after binding; the binder looks for new metrics every {@link #KAFKA_METRICS_REFRESH} (Micrometer's
     * default is a minute, too slow for a lag panel right after start or a rebalance).
     */
    public KafkaStreamsMetrics bind(KafkaStreams streams) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-streams-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.empty(), refresher, KAFKA_METRICS_REFRESH) {
            @Override
            public void close() {
                super.close();
                refresher.shutdownNow();
            }
        };
        binder.bindTo(registry);
        return binder;
    }

    private Counter records(String outcome, String reason) {
        return Counter.builder("classifier.records").description("Input records by outcome")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    private AtomicInteger servingGauge(String version) {
        return servingGauges.computeIfAbsent(version, v -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("classifier.model.serving", value, AtomicInteger::get).strongReference(true)
                    .description("1 for the model version serving now, 0 for versions served earlier")
                    .tag("version", v).register(registry);
            return value;
        });
    }

    private static Duration[] millis(long... values) {
        Duration[] result = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Duration.ofMillis(values[i]);
        }
        return result;
    }

    /** Online accuracy meters of one model version; the 100 confusion cells are created on first use. */
    private final class VersionMeters {
        private final String version;
        private final Counter labelled;
        private final Counter correct;
        private final AtomicReferenceArray<Counter> confusion = new AtomicReferenceArray<>(FashionClass.COUNT * FashionClass.COUNT);

        VersionMeters(String version) {
            this.version = version;
            labelled = Counter.builder("classifier.labelled").description("Predictions of inputs that carried a true label")
                    .tag("version", version).register(registry);
            correct = Counter.builder("classifier.correct").description("Labelled predictions that matched the true label")
                    .tag("version", version).register(registry);
        }

        void labelled(int trueLabel, int predictedLabel) {
            labelled.increment();
            if (trueLabel == predictedLabel) {
                correct.increment();
            }
            int cell = trueLabel * FashionClass.COUNT + predictedLabel;
            Counter counter = confusion.get(cell);
            if (counter == null) {
                // Racing threads get the same counter back from the registry, so the lost write is harmless.
                counter = Counter.builder("classifier.confusion")
                        .description("Labelled predictions by true and predicted class (confusion matrix)")
                        .tag("version", version)
                        .tag("true_class", FashionClass.ofLabel(trueLabel).displayName())
                        .tag("predicted_class", FashionClass.ofLabel(predictedLabel).displayName())
                        .register(registry);
                confusion.set(cell, counter);
            }
            counter.increment();
        }
    }
}
