package io.fashionstream.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.fashionstream.model.EpochStats;
import io.fashionstream.model.Trainer;
import io.fashionstream.model.TrainingConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The trainer's meters, fed as a {@link Trainer.Listener} while training and by {@link #finished} and
 * {@link #published} afterwards. Gauges read NaN until their first value, and hold their state strongly:
 * they keep reporting after this object becomes unreachable. Thread-safe.
 *
 * <p>Exported to Prometheus as {@code trainer_epoch}, {@code trainer_epochs_planned}, {@code trainer_images_total},
 * {@code trainer_batch_loss}, {@code trainer_loss}, {@code trainer_validation_accuracy},
 * {@code trainer_epoch_duration_seconds_*}, {@code trainer_duration_seconds_*},
 * {@code trainer_test_accuracy{version}} and {@code trainer_published_total}.
 */
public final class TrainerMetrics implements Trainer.Listener {
    private final MeterRegistry registry;
    private final AtomicInteger epoch = new AtomicInteger();
    private final AtomicInteger epochsPlanned = new AtomicInteger();
    private final AtomicLong imagesDoneInEpoch = new AtomicLong();
    private final AtomicDouble batchLoss = new AtomicDouble();
    private final AtomicDouble loss = new AtomicDouble();
    private final AtomicDouble validationAccuracy = new AtomicDouble();
    private final Counter images;
    private final Timer epochDuration;
    private final Timer duration;
    private final Counter published;

    public TrainerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder("trainer.epoch", epoch, AtomicInteger::get).strongReference(true).description("Epoch in progress (1-based), 0 before training")
                .register(registry);
        Gauge.builder("trainer.epochs.planned", epochsPlanned, AtomicInteger::get).strongReference(true)
                .description("Epochs the run will do at most").register(registry);
        images = Counter.builder("trainer.images").description("Training images fed through the network").register(registry);
        Gauge.builder("trainer.batch.loss", batchLoss, AtomicDouble::get).strongReference(true).description("Loss of the latest minibatch")
                .register(registry);
        Gauge.builder("trainer.loss", loss, AtomicDouble::get).strongReference(true).description("Mean training loss of the last finished epoch")
                .register(registry);
        Gauge.builder("trainer.validation.accuracy", validationAccuracy, AtomicDouble::get).strongReference(true)
                .description("Validation accuracy (0..1) after the last finished epoch").register(registry);
        epochDuration = Timer.builder("trainer.epoch.duration").description("Wall time per finished epoch, validation included")
                .register(registry);
        duration = Timer.builder("trainer.duration").description("Wall time of finished training runs").register(registry);
        published = Counter.builder("trainer.published").description("Model versions published to the models topic")
                .register(registry);
    }

    @Override
    public void onStart(TrainingConfig config, int trainImages, int validationImages) {
        epochsPlanned.set(config.epochs());
    }

    @Override
    public void onBatch(int epoch, int imagesDone, double loss) {
        if (this.epoch.getAndSet(epoch) != epoch) {
            imagesDoneInEpoch.set(0);
        }
        images.increment(imagesDone - imagesDoneInEpoch.getAndSet(imagesDone));
        batchLoss.set(loss);
    }

    @Override
    public void onEpoch(EpochStats stats, boolean best) {
        loss.set(stats.trainLoss());
        validationAccuracy.set(stats.bestValidationAccuracy());
        epochDuration.record(Duration.ofNanos(Math.round(stats.seconds() * 1e9)));
    }

    /** Training and the final evaluation are done: {@code testAccuracy} (0..1) of model {@code version}. */
    public void finished(String version, double testAccuracy, Duration took) {
        Gauge.builder("trainer.test.accuracy", () -> testAccuracy)
                .description("Test-set accuracy (0..1) of the trained model").tag("version", version).register(registry);
        duration.record(took);
    }

    /** A model version was published to the models topic. */
    public void published(String version) {
        published.increment();
    }

    /** A listener that records these metrics, then forwards every call to {@code next}. */
    public Trainer.Listener andThen(Trainer.Listener next) {
        Objects.requireNonNull(next, "next");
        TrainerMetrics self = this;
        return new Trainer.Listener() {
            @Override
            public void onStart(TrainingConfig config, int trainImages, int validationImages) {
                self.onStart(config, trainImages, validationImages);
                next.onStart(config, trainImages, validationImages);
            }

            @Override
            public void onBatch(int epoch, int imagesDone, double loss) {
                self.onBatch(epoch, imagesDone, loss);
                next.onBatch(epoch, imagesDone, loss);
            }

            @Override
            public void onEpoch(EpochStats stats, boolean best) {
                self.onEpoch(stats, best);
                next.onEpoch(stats, best);
            }
        };
    }

    /** A double that gauges can read while the training thread writes it; NaN until set. */
    private static final class AtomicDouble {
        private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));

        double get() {
            return Double.longBitsToDouble(bits.get());
        }

        void set(double value) {
            bits.set(Double.doubleToLongBits(value));
        }
    }
}
