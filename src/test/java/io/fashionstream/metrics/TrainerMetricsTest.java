package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fashionstream.model.Architecture;
import io.fashionstream.model.EpochStats;
import io.fashionstream.model.Trainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class TrainerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TrainerMetrics metrics = new TrainerMetrics(registry);

    @Test
    void shouldCountTrainingImagesAcrossEpochs() {
        metrics.onBatch(1, 100, 2.0);
        metrics.onBatch(1, 200, 1.8);
        metrics.onBatch(2, 100, 1.2);
        metrics.onBatch(2, 150, 1.1);

        assertThat(registry.get("trainer.images").counter().count()).isEqualTo(350);
        assertThat(registry.get("trainer.epoch").gauge().value()).isEqualTo(2);
        assertThat(registry.get("trainer.batch.loss").gauge().value()).isEqualTo(1.1);
    }

    @Test
    void shouldReadNaNUntilTheFirstEpochEnds() {
        assertThat(registry.get("trainer.validation.accuracy").gauge().value()).isNaN();

        metrics.onEpoch(new EpochStats(1, 0.6, 0.84, 12.5, 4000, 0.001, null), true);

        assertThat(registry.get("trainer.validation.accuracy").gauge().value()).isEqualTo(0.84);
        assertThat(registry.get("trainer.loss").gauge().value()).isEqualTo(0.6);
        assertThat(registry.get("trainer.epoch.duration").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(12500);
    }

    @Test
    void shouldReportTheAveragedWeightsAccuracyWhenTheyScoredBetter() {
        metrics.onEpoch(new EpochStats(1, 0.6, 0.84, 12.5, 4000, 0.001, 0.86), true);

        assertThat(registry.get("trainer.validation.accuracy").gauge().value()).as("the weights training would keep")
                .isEqualTo(0.86);
    }

    @Test
    void shouldRecordTheFinalTestAccuracyOfTheVersion() {
        metrics.finished("cnn-1", 0.91, Duration.ofMinutes(3));

        assertThat(registry.get("trainer.test.accuracy").tag("version", "cnn-1").gauge().value()).isEqualTo(0.91);
        assertThat(registry.get("trainer.duration").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(180);
    }

    @Test
    void shouldKeepReportingAfterTheListenerIsGone() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new TrainerMetrics(meters).onEpoch(new EpochStats(3, 0.4, 0.88, 10, 1000, 0.001, null), true);

        for (int i = 0; i < 3; i++) {
            System.gc(); // Micrometer gauges hold their state weakly unless told otherwise
        }

        assertThat(meters.get("trainer.validation.accuracy").gauge().value()).isEqualTo(0.88);
    }

    @Test
    void shouldForwardEveryCallToTheNextListener() {
        List<String> calls = new ArrayList<>();
        Trainer.Listener listener = metrics.andThen(new Trainer.Listener() {
            @Override
            public void onStart(io.fashionstream.model.TrainingConfig config, int trainImages, int validationImages) {
                calls.add("start " + trainImages);
            }

            @Override
            public void onBatch(int epoch, int imagesDone, double loss) {
                calls.add("batch " + imagesDone);
            }

            @Override
            public void onEpoch(EpochStats stats, boolean best) {
                calls.add("epoch " + stats.epoch());
            }
        });

        listener.onStart(Architecture.MLP.defaults(), 1000, 100);
        listener.onBatch(1, 64, 2.0);
        listener.onEpoch(new EpochStats(1, 0.6, 0.84, 1, 1000, 0.001, null), true);

        assertThat(calls).containsExactly("start 1000", "batch 64", "epoch 1");
        assertThat(registry.get("trainer.epochs.planned").gauge().value()).isEqualTo(Architecture.MLP.defaults().epochs());
    }
}
