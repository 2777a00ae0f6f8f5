package io.fashionstream.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The classifier's meters. The stream processors call these methods; all are thread-safe and cheap.
 * Tags come only from bounded sets: outcome, dead-letter reason code, class label 0-9, model version.
 */
public class ClassifierMetrics {
    protected final MeterRegistry registry;

    public ClassifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A batch of {@code size} images went through the network in {@code inference}. */
    public void batch(int size, Duration inference) {
        Timer.builder("classifier.inference").description("Network time per micro-batch")
                .publishPercentileHistogram().register(registry).record(inference);
    }

    /**
     * One prediction written. {@code endToEnd}: from the input record's timestamp to now.
     * {@code trueLabel} is -1 when the input carried no label.
     */
    public void classified(String modelVersion, int predictedLabel, double confidence, int trueLabel, Duration endToEnd) {
        Counter.builder("classifier.records").description("Input records by outcome")
                .tag("outcome", "classified").tag("reason", "none").register(registry).increment();
    }

    /** One record sent to the dead-letter topic with a stable reason code (e.g. {@code not_an_image}). */
    public void deadLettered(String reason) {
        Counter.builder("classifier.records").description("Input records by outcome")
                .tag("outcome", "dead_lettered").tag("reason", reason).register(registry).increment();
    }

    /** A model version started serving (initial load or swap). */
    public void modelServing(String version, double testAccuracy) {
    }

    /** A model version from the topic was refused (bad digest, bad signature, does not load ...). */
    public void modelRejected(String reason) {
    }
}
