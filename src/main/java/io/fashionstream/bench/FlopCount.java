package io.fashionstream.bench;

import java.util.List;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Floating-point operations one image costs in a network's forward pass, counted from the layer shapes:
 * 2 per multiply-add of every convolution (kH x kW x in x out per output pixel) and dense layer (in x out).
 * Bias, batch norm, activations, pooling and softmax are left out (together under 1% here), as is usual for
 * FLOP counts of CNNs.
 */
public final class FlopCount {
    private FlopCount() {
    }

    public static long perImage(MultiLayerNetwork net) {
        var conf = net.getLayerWiseConfigurations();
        InputPreProcessor first = conf.getInputPreProcess(0);
        InputType input = first instanceof FeedForwardToCnnPreProcessor p
                ? InputType.convolutionalFlat(p.getInputHeight(), p.getInputWidth(), p.getNumChannels())
                : InputType.feedForward(((FeedForwardLayer) conf.getConf(0).getLayer()).getNIn());
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        long flops = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            var layer = conf.getConf(i).getLayer();
            if (layer instanceof ConvolutionLayer c && outputs.get(i) instanceof InputType.InputTypeConvolutional out) {
                int[] k = c.getKernelSize();
                flops += 2L * k[0] * k[1] * c.getNIn() * c.getNOut() * out.getHeight() * out.getWidth();
            } else if (layer instanceof FeedForwardLayer f && (layer instanceof DenseLayer || layer instanceof BaseOutputLayer)) {
                flops += 2L * f.getNIn() * f.getNOut();
            }
        }
        return flops;
    }
}
