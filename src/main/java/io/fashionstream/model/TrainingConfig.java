package io.fashionstream.model;

import java.time.Duration;

/**
 * Training settings. {@code schedule} moves the learning rate over the planned iterations (constant, or a
 * linear decay towards zero); {@code augment} turns on random horizontal flips; {@code labelSmoothing} moves
 * that share of each target's probability mass evenly over the 10 classes (Szegedy et al. 2016, "Rethinking the
 * Inception Architecture", section 7); {@code weightAveraging} is the per-minibatch decay of an exponential
 * moving average of the weights (0: none), which each epoch scores on validation beside the weights themselves;
 * {@code maxDuration} stops training before an epoch that would likely cross it, so a run fits a time budget.
 */
public record TrainingConfig(Architecture architecture, int epochs, int batchSize, double learningRate,
                             LearningRateSchedule schedule, boolean augment, double labelSmoothing,
                             double weightAveraging, int validationSize, long seed, Duration maxDuration) {
    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("Epochs must be at least 1. Got: " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("Batch size must be 1..4096. Got: " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("Learning rate must be in (0, 1). Got: " + learningRate);
        }
        java.util.Objects.requireNonNull(schedule, "schedule");
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("Label smoothing must be in [0, 1). Got: " + labelSmoothing);
        }
        if (!(weightAveraging == 0 || weightAveraging > 0 && weightAveraging < 1)) {
            throw new IllegalArgumentException("Weight-averaging decay must be 0 (off) or in (0, 1). Got: " + weightAveraging);
        }
        if (validationSize < 1) {
            throw new IllegalArgumentException("Validation size must be at least 1. Got: " + validationSize);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("Max duration must be positive. Got: " + maxDuration);
        }
    }

    public TrainingConfig withEpochs(int epochs) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withBatchSize(int batchSize) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withLearningRate(double learningRate) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withValidationSize(int validationSize) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withSeed(long seed) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withAugment(boolean augment) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withMaxDuration(Duration maxDuration) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withSchedule(LearningRateSchedule schedule) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withLabelSmoothing(double labelSmoothing) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    public TrainingConfig withWeightAveraging(double weightAveraging) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, schedule, augment,
                labelSmoothing, weightAveraging, validationSize, seed, maxDuration);
    }

    /** Minibatches in one epoch over {@code trainImages} images. */
    public long iterationsPerEpoch(int trainImages) {
        return (trainImages + batchSize - 1) / batchSize;
    }
}
