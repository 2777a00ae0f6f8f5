package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Pins the Prometheus series names and label keys the dashboards and alert rules query. If this test
 * fails after a rename, update grafana/dashboards and deploy/prometheus/alerts.yml in the same change.
 */
class MetricNamesTest {
    private final PrometheusMeterRegistry registry = Registries.prometheus("test");

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void shouldExportTheClassifierSeriesTheDashboardsQuery() {
        Scrapes.exercise(new ClassifierMetrics(registry));

        assertThat(series("classifier_")).containsExactlyInAnyOrder(
                "classifier_batch_size_bucket{le,service}",
                "classifier_batch_size_count{service}",
                "classifier_batch_size_max{service}",
                "classifier_batch_size_sum{service}",
                "classifier_confidence_percent_bucket{le,service}",
                "classifier_confidence_percent_count{service}",
                "classifier_confidence_percent_max{service}",
                "classifier_confidence_percent_sum{service}",
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
        Scrapes.exercise(new TrainerMetrics(registry));

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

    private Set<String> series(String prefix) {
        return Scrapes.series(registry.scrape(), prefix);
    }
}
