package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class ClassifierMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClassifierMetrics metrics = new ClassifierMetrics(registry);

    @Test
    void shouldCountOnlineAccuracyPerModelVersion() {
        metrics.classified("v1", 1, 0.9, 1, Duration.ofMillis(5));
        metrics.classified("v1", 6, 0.5, 0, Duration.ofMillis(5));
        metrics.classified("v1", 2, 0.7, -1, Duration.ofMillis(5));
        metrics.classified("v2", 4, 0.8, 4, Duration.ofMillis(5));

        assertThat(count("classifier.labelled", "version", "v1")).isEqualTo(2);
        assertThat(count("classifier.correct", "version", "v1")).isEqualTo(1);
        assertThat(count("classifier.correct", "version", "v2")).isEqualTo(1);
        assertThat(registry.get("classifier.confusion").tags("version", "v1", "true_class", "T-shirt/top",
                "predicted_class", "Shirt").counter().count()).isEqualTo(1);
        assertThat(count("classifier.records", "outcome", "classified")).isEqualTo(4);
    }

    @Test
    void shouldCountPredictionsByClassName() {
        metrics.classified("v1", 9, 0.9, -1, Duration.ofMillis(5));
        metrics.classified("v1", 9, 0.9, -1, Duration.ofMillis(5));

        assertThat(count("classifier.predictions", "class", "Ankle boot")).isEqualTo(2);
        assertThat(count("classifier.predictions", "class", "Bag")).isZero();
    }

    @Test
    void shouldCountDeadLettersByReason() {
        metrics.deadLettered("not_an_image");
        metrics.deadLettered("not_an_image");
        metrics.deadLettered("bad_label");

        assertThat(registry.get("classifier.records").tags("outcome", "dead_lettered", "reason", "not_an_image")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("classifier.records").tags("outcome", "dead_lettered", "reason", "bad_label")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void shouldMarkOnlyTheCurrentVersionAsServingAndCountSwaps() {
        assertThat(registry.get("classifier.model.loaded").gauge().value()).isZero();

        metrics.modelServing("v1", 0.90);
        metrics.modelServing("v1", 0.90);
        metrics.modelServing("v2", 0.92);

        assertThat(registry.get("classifier.model.loaded").gauge().value()).isEqualTo(1);
        assertThat(registry.get("classifier.model.serving").tag("version", "v1").gauge().value()).isZero();
        assertThat(registry.get("classifier.model.serving").tag("version", "v2").gauge().value()).isEqualTo(1);
        assertThat(registry.get("classifier.model.test.accuracy").tag("version", "v2").gauge().value()).isEqualTo(0.92);
        assertThat(registry.get("classifier.model.swaps").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldRecordBatchSizesAndInferenceTime() {
        metrics.batch(32, Duration.ofMillis(40));
        metrics.batch(8, Duration.ofMillis(10));

        assertThat(registry.get("classifier.batch.size").summary().totalAmount()).isEqualTo(40);
        assertThat(registry.get("classifier.inference").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(50);
    }

    @Test
    void shouldBucketConfidenceByItsPercentage() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClassifierMetrics onPrometheus = new ClassifierMetrics(prometheus);

        onPrometheus.classified("v1", 0, 0.35, -1, Duration.ZERO);
        onPrometheus.classified("v1", 0, 0.55, -1, Duration.ZERO);
        onPrometheus.classified("v1", 0, 0.97, -1, Duration.ZERO);

        assertThat(prometheus.scrape()).contains(
                "classifier_confidence_percent_bucket{le=\"30.0\"} 0",
                "classifier_confidence_percent_bucket{le=\"40.0\"} 1",
                "classifier_confidence_percent_bucket{le=\"60.0\"} 2",
                "classifier_confidence_percent_bucket{le=\"95.0\"} 2",
                "classifier_confidence_percent_bucket{le=\"99.0\"} 3");
    }

    @Test
    void shouldCountLatencyFromAFutureTimestampAsZero() {
        metrics.classified("v1", 0, 0.9, -1, Duration.ofMillis(-250));

        assertThat(registry.get("classifier.latency").timer().count()).isEqualTo(1);
        assertThat(registry.get("classifier.latency").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS)).isZero();
    }

    @Test
    void shouldRefuseLabelsOutsideTheTenClasses() {
        assertThatThrownBy(() -> metrics.classified("v1", 10, 0.9, -1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10");
        assertThatThrownBy(() -> metrics.classified("v1", 1, 0.9, 12, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12");
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}
