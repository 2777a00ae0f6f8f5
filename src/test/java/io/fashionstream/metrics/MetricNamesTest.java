package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fashionstream.model.EpochStats;
import io.fashionstream.model.Architecture;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Pins the Prometheus series names and label keys the dashboards and alert rules query. If this test
 * fails after a rename, update grafana/dashboards and deploy/prometheus/alerts.yml in the same change.
 */
class MetricNamesTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private final PrometheusMeterRegistry registry = Registries.prometheus("test");

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void shouldExportTheClassifierSeriesTheDashboardsQuery() {
        ClassifierMetrics metrics = new ClassifierMetrics(registry);
        metrics.modelServing("v1", 0.9);
        metrics.batch(8, Duration.ofMillis(12));
        metrics.classified("v1", 3, 0.97, 3, Duration.ofMillis(40));
        metrics.classified("v1", 3, 0.6, -1, Duration.ofMillis(40));
        metrics.deadLettered("not_an_image");
        metrics.modelRejected("bad_digest");
        metrics.modelServing("v2", 0.91);

        assertThat(series("classifier_")).containsExactlyInAnyOrder(
                "classifier_batch_size_bucket{le,service}",
                "classifier_batch_size_count{service}",
                "classifier_batch_size_max{service}",
                "classifier_batch_size_sum{service}",
                "classifier_confidence_bucket{le,service}",
                "classifier_confidence_count{service}",
                "classifier_confidence_max{service}",
                "classifier_confidence_sum{service}",
                "classifier_confusion_total{predicted_class,service,true_class,version}",
                "classifier_correct_total{service,version}",
                "classifier_inference_seconds_bucket{le,service}",
                "classifier_inference_seconds_count{service}",
                "classifier_inference_seconds_max{service}",
                "classifier_inference_seconds_sum{service}",
                "classifier_labelled_total{service,version}",
                "classifier_latency_seconds_bucket{le,service}",
                "classifier_latency_seconds_count{service}",
                "classifier_latency_seconds_max{service}",
                "classifier_latency_seconds_sum{service}",
                "classifier_model_loaded{service}",
                "classifier_model_rejected_total{reason,service}",
                "classifier_model_serving{service,version}",
                "classifier_model_swaps_total{service}",
                "classifier_model_test_accuracy{service,version}",
                "classifier_predictions_total{class,service}",
                "classifier_records_total{outcome,reason,service}");
    }

    @Test
    void shouldExportTheTrainerSeriesTheDashboardsQuery() {
        TrainerMetrics metrics = new TrainerMetrics(registry);
        metrics.onStart(Architecture.MLP.defaults(), 1000, 100);
        metrics.onBatch(1, 100, 2.0);
        metrics.onEpoch(new EpochStats(1, 1.5, 0.8, 2.0, 500, 0.001), true);
        metrics.finished("v1", 0.85, Duration.ofSeconds(3));
        metrics.published("v1");

        assertThat(series("trainer_")).containsExactlyInAnyOrder(
                "trainer_batch_loss{service}",
                "trainer_duration_seconds_count{service}",
                "trainer_duration_seconds_max{service}",
                "trainer_duration_seconds_sum{service}",
                "trainer_epoch_duration_seconds_count{service}",
                "trainer_epoch_duration_seconds_max{service}",
                "trainer_epoch_duration_seconds_sum{service}",
                "trainer_epoch{service}",
                "trainer_epochs_planned{service}",
                "trainer_images_total{service}",
                "trainer_loss{service}",
                "trainer_published_total{service}",
                "trainer_test_accuracy{service,version}",
                "trainer_validation_accuracy{service}");
    }

    @Test
    void shouldExportTheJvmSeriesTheDashboardsQuery() {
        assertThat(series("")).contains(
                "jvm_memory_used_bytes{area,id,service}",
                "jvm_memory_max_bytes{area,id,service}",
                "jvm_threads_live_threads{service}",
                "jvm_classes_loaded_classes{service}",
                "process_cpu_usage{service}",
                "system_cpu_count{service}",
                "process_uptime_seconds{service}");
    }

    /** Distinct {@code name{label keys}} of the scrape's samples whose name starts with {@code prefix}. */
    private Set<String> series(String prefix) {
        Set<String> result = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find() || !m.group(1).startsWith(prefix)) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    keys.add(label.group(1));
                }
            }
            result.add(m.group(1) + keys.stream().collect(Collectors.joining(",", "{", "}")));
        }
        return result;
    }
}
