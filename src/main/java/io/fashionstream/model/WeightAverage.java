package io.fashionstream.model;

import java.util.function.ToDoubleFunction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of a network's flattened parameters (Polyak and Juditsky 1992), updated
 * after every minibatch. Early updates use a smaller decay, {@code min(decay, (1 + t) / (10 + t))} as
 * TensorFlow's ExponentialMovingAverage does, so the average is not dominated by the initial weights.
 * Batch-norm running statistics are parameters in DL4J and are averaged with the rest. Not thread-safe.
 */
final class WeightAverage {
    private final double decay;
    private final INDArray average;
    private final INDArray scratch;
    private long updates;

    WeightAverage(INDArray params, double decay) {
        this.decay = decay;
        this.average = params.dup();
        this.scratch = params.dup();
    }

    /** Folds the current parameters into the average; no allocation per call. */
    void update(INDArray params) {
        updates++;
        double d = Math.min(decay, (1.0 + updates) / (10.0 + updates));
        scratch.assign(params).subi(average).muli(1 - d);
        average.addi(scratch); // average += (1 - d) * (params - average)
    }

    /** The averaged parameters (a live view: copy before training on). */
    INDArray weights() {
        return average;
    }

    /** Scores {@code net} with the averaged parameters in place of its own, then puts its own back. */
    double score(MultiLayerNetwork net, ToDoubleFunction<MultiLayerNetwork> scorer) {
        scratch.assign(net.params());
        net.setParams(average);
        try {
            return scorer.applyAsDouble(net);
        } finally {
            net.setParams(scratch);
        }
    }
}
