package io.fashionstream.model;

import java.time.Duration;

/**
 * Training settings. {@code learningRateDecay} multiplies the learning rate after each epoch (1 = constant);
 * {@code augment} turns on random horizontal flips; {@code maxDuration} stops training after the epoch
 * that crosses it, so a run fits a time budget.
 */
public record TrainingConfig(Architecture architecture, int epochs, int batchSize, double learningRate,
                             double learningRateDecay, boolean augment, int validationSize, long seed,
                             Duration maxDuration) {
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
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("Learning-rate decay must be in (0, 1]. Got: " + learningRateDecay);
        }
        if (validationSize < 1) {
            throw new IllegalArgumentException("Validation size must be at least 1. Got: " + validationSize);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("Max duration must be positive. Got: " + maxDuration);
        }
    }

    public TrainingConfig withEpochs(int epochs) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, learningRateDecay, augment,
                validationSize, seed, maxDuration);
    }

    public TrainingConfig withBatchSize(int batchSize) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, learningRateDecay, augment,
                validationSize, seed, maxDuration);
    }

    public TrainingConfig withLearningRate(double learningRate) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, learningRateDecay, augment,
                validationSize, seed, maxDuration);
    }

    public TrainingConfig withValidationSize(int validationSize) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, learningRateDecay, augment,
                validationSize, seed, maxDuration);
    }

    public TrainingConfig withSeed(long seed) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, learningRateDecay, augment,
                validationSize, seed, maxDuration);
    }

    public TrainingConfig withAugment(boolean augment) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, learningRateDecay, augment,
                validationSize, seed, maxDuration);
    }

    public TrainingConfig withMaxDuration(Duration maxDuration) {
        return new TrainingConfig(architecture, epochs, batchSize, learningRate, learningRateDecay, augment,
                validationSize, seed, maxDuration);
    }
}
