package io.fashionstream.model;

/** One training epoch: mean minibatch loss, validation accuracy, wall time and training throughput. */
public record EpochStats(int epoch, double trainLoss, double validationAccuracy, double seconds,
                         double imagesPerSecond, double learningRate) {
}
