package io.fashionstream.model;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves a network trained channels-last (NHWC) into its channels-first (NCHW) twin, the layout stored in
 * artifacts and read by every other part of the project. DL4J keeps convolution kernels, biases and batch-norm
 * parameters in the same shapes in both layouts; only the rows of the first dense layer after the convolutions
 * differ, because the two layouts flatten an activation in different orders: channels-last as
 * {@code (y * W + x) * C + c}, channels-first as {@code (c * H + y) * W + x}.
 */
public final class ChannelsFirst {
    private ChannelsFirst() {
    }

    /**
     * Copies {@code trained}'s parameters into {@code target}, layer by layer, reordering the flattening dense
     * layer's rows. {@code target} must have the same layers; a layer whose parameters do not line up is an
     * {@link IllegalArgumentException} naming it.
     */
    public static void copy(MultiLayerNetwork trained, MultiLayerNetwork target) {
        if (trained.getnLayers() != target.getnLayers()) {
            throw new IllegalArgumentException("networks differ: " + trained.getnLayers() + " against "
                    + target.getnLayers() + " layers");
        }
        var trainedConf = trained.getLayerWiseConfigurations();
        var targetConf = target.getLayerWiseConfigurations();
        for (int i = 0; i < target.getnLayers(); i++) {
            var from = trained.getLayer(i).paramTable();
            var to = target.getLayer(i).paramTable();
            if (!from.keySet().equals(to.keySet())) {
                throw new IllegalArgumentException("layer " + i + " has parameters " + from.keySet() + " against "
                        + to.keySet());
            }
            boolean flattens = targetConf.getInputPreProcess(i) instanceof CnnToFeedForwardPreProcessor;
            for (var entry : to.entrySet()) {
                INDArray source = from.get(entry.getKey());
                if (flattens && entry.getKey().equals("W")) {
                    if (!(trainedConf.getInputPreProcess(i) instanceof CnnToFeedForwardPreProcessor p)
                            || p.getFormat() != CNN2DFormat.NHWC) {
                        throw new IllegalArgumentException("layer " + i
                                + " does not flatten a channels-last activation");
                    }
                    source = channelsFirstRows(source, p.getInputHeight(), p.getInputWidth(), p.getNumChannels());
                }
                if (!Arrays.equals(source.shape(), entry.getValue().shape())) {
                    throw new IllegalArgumentException("layer " + i + " parameter " + entry.getKey() + " has shape "
                            + Arrays.toString(source.shape()) + " against "
                            + Arrays.toString(entry.getValue().shape()));
                }
                entry.getValue().assign(source);
            }
        }
    }

    /** A new channels-first network with {@code trained}'s weights, built from {@code storedConfiguration}. */
    public static MultiLayerNetwork of(MultiLayerNetwork trained, MultiLayerConfiguration storedConfiguration) {
        var target = new MultiLayerNetwork(storedConfiguration);
        target.init();
        copy(trained, target);
        return target;
    }

    /** Rows ordered (y, x, c) become rows ordered (c, y, x). */
    private static INDArray channelsFirstRows(INDArray weights, long h, long w, long c) {
        long outputs = weights.size(1);
        return weights.reshape('c', h, w, c, outputs).permute(2, 0, 1, 3).dup('c').reshape('c', c * h * w, outputs);
    }
}
