package io.fashionstream.inference;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained DL4J CNN rewritten for fast inference: channels-last (NHWC) activations, convolution weights in
 * [kH, kW, in, out] order, batch normalization folded into the convolution before it, ReLU moved after the
 * max pooling that follows it (max pooling commutes with ReLU, and the pooled tensor is 4x smaller), and the
 * first dense layer's weight rows reordered from NCHW to NHWC flattening. The result is the same function as
 * the trained network up to float rounding; {@link Predictor#forServing} checks that on every load.
 * Immutable and shared by all {@link NhwcRunner}s (the weights are only read).
 *
 * <p>Supported: the {@code cnn} and {@code cnn-bn} architectures and networks like them (2D convolutions,
 * batch norm, ReLU, max pooling, dropout, dense, softmax output, flat 784-pixel input).
 * {@link #of} throws {@link IllegalArgumentException} naming the first thing it does not support.
 */
public final class NhwcNetwork {

    /** One step of the rewritten network. Shapes are per image, channels-last. */
    sealed interface Stage permits Conv, MaxPool, Relu, Dense, Softmax {
    }

    /** 2D convolution; {@code weights} is [kH, kW, in, out], {@code bias} is [out]. */
    record Conv(INDArray weights, INDArray bias, int kH, int kW, int sH, int sW, int pH, int pW, boolean same,
                int outH, int outW, int outC) implements Stage {
    }

    /** {@code same}: padded at the bottom and right so the output is ceil(input / stride), as DL4J's Same mode. */
    record MaxPool(int kH, int kW, int sH, int sW, boolean same, int outH, int outW, int outC) implements Stage {
    }

    /** In place on the previous stage's output. */
    record Relu() implements Stage {
    }

    /** {@code flatten} is set on the first dense layer after the convolutions: it reads the [h, w, c] output as one row. */
    record Dense(INDArray weights, INDArray bias, boolean flatten) implements Stage {
        int outputs() {
            return (int) weights.size(1);
        }
    }

    /** In place on the previous stage's output. */
    record Softmax() implements Stage {
    }

    private final int height;
    private final int width;
    private final int channels;
    private final List<Stage> stages;

    private NhwcNetwork(int height, int width, int channels, List<Stage> stages) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.stages = List.copyOf(stages);
    }

    /** Rewrites {@code net}; throws {@link IllegalArgumentException} saying why if its layers are not supported. */
    public static NhwcNetwork of(MultiLayerNetwork net) {
        return new Converter(net).convert();
    }

    List<Stage> stages() {
        return stages;
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    int channels() {
        return channels;
    }

    /** Pixels per input image. */
    public int inputSize() {
        return height * width * channels;
    }

    /** Number of classes the network outputs. */
    public int outputSize() {
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (stages.get(i) instanceof Dense d) {
                return d.outputs();
            }
        }
        throw new IllegalStateException("no dense stage");
    }

    @Override
    public String toString() {
        return "NhwcNetwork" + stages.stream().map(s -> s.getClass().getSimpleName()).toList();
    }

    /** Walks the layers once, keeping the current activation shape and a ReLU that has not been placed yet. */
    private static final class Converter {
        private final MultiLayerNetwork net;
        private final MultiLayerConfiguration conf;
        private final List<Stage> stages = new ArrayList<>();
        private int h;
        private int w;
        private int c;
        private int inH;
        private int inW;
        private int inC;
        private boolean spatial = true;
        private boolean flattenNext;
        private boolean pendingRelu;

        Converter(MultiLayerNetwork net) {
            this.net = net;
            this.conf = net.getLayerWiseConfigurations();
        }

        NhwcNetwork convert() {
            int n = net.getnLayers();
            if (!(conf.getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor first)) {
                throw unsupported("layer 0 does not reshape a flat input to an image (not a CNN with flat input)");
            }
            if (first.getNumChannels() != 1) {
                throw unsupported("input has " + first.getNumChannels() + " channels, expected 1");
            }
            inH = h = (int) first.getInputHeight();
            inW = w = (int) first.getInputWidth();
            inC = c = (int) first.getNumChannels();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    preProcessor(i, conf.getInputPreProcess(i));
                }
                layer(i, conf.getConf(i).getLayer(), i == n - 1);
            }
            return new NhwcNetwork(inH, inW, inC, stages);
        }

        private void preProcessor(int i, InputPreProcessor pre) {
            if (pre == null) {
                return;
            }
            if (!(pre instanceof CnnToFeedForwardPreProcessor flat) || !spatial) {
                throw unsupported("layer " + i + " has input pre-processor " + pre.getClass().getSimpleName());
            }
            if (flat.getFormat() != CNN2DFormat.NCHW || flat.getInputHeight() != h || flat.getInputWidth() != w
                    || flat.getNumChannels() != c) {
                throw unsupported("layer " + i + " flattens " + flat.getFormat() + " [" + flat.getNumChannels() + ","
                        + flat.getInputHeight() + "," + flat.getInputWidth() + "], expected NCHW [" + c + "," + h + "," + w + "]");
            }
            placeRelu();
            spatial = false;
            flattenNext = true;
        }

        private void layer(int i, Layer layer, boolean last) {
            if (last != (layer instanceof OutputLayer)) {
                throw unsupported("layer " + i + " (" + layer.getClass().getSimpleName() + "): the output layer must be last");
            }
            if (layer.getClass() == ConvolutionLayer.class) {
                conv(i, (ConvolutionLayer) layer);
            } else if (layer instanceof BatchNormalization bn) {
                foldBatchNorm(i, bn);
            } else if (layer instanceof ActivationLayer a) {
                pendingRelu |= relu(i, a.getActivationFn());
            } else if (layer instanceof SubsamplingLayer s && s.getClass() == SubsamplingLayer.class) {
                maxPool(i, s);
            } else if (layer instanceof DropoutLayer) {
                return; // identity at inference time
            } else if (layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class) {
                dense(i, (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer, last);
            } else {
                throw unsupported("layer " + i + " is a " + layer.getClass().getSimpleName());
            }
        }

        private void conv(int i, ConvolutionLayer l) {
            requireSpatial(i);
            int[] k = l.getKernelSize();
            int[] s = l.getStride();
            int[] p = l.getPadding();
            int[] d = l.getDilation();
            boolean same = l.getConvolutionMode() == ConvolutionMode.Same;
            if (d[0] != 1 || d[1] != 1 || l.getCnn2dDataFormat() != CNN2DFormat.NCHW
                    || (same && (s[0] != 1 || s[1] != 1))
                    || !(same || l.getConvolutionMode() == ConvolutionMode.Truncate || l.getConvolutionMode() == ConvolutionMode.Strict)) {
                throw unsupported("layer " + i + ": convolution with mode " + l.getConvolutionMode() + ", stride "
                        + s[0] + "x" + s[1] + ", dilation " + d[0] + "x" + d[1] + ", format " + l.getCnn2dDataFormat());
            }
            placeRelu();
            boolean reluAfter = relu(i, l.getActivationFn());
            var layer = net.getLayer(i);
            // DL4J stores [out, in, kH, kW]; ND4J's NHWC convolution takes [kH, kW, in, out].
            INDArray weights = layer.getParam("W").castTo(DataType.FLOAT).permute(2, 3, 1, 0).dup('c');
            INDArray bias = l.hasBias() ? layer.getParam("b").castTo(DataType.FLOAT).reshape(-1).dup()
                    : Nd4j.zeros(DataType.FLOAT, l.getNOut());
            if (weights.size(2) != c) {
                throw unsupported("layer " + i + " expects " + weights.size(2) + " input channels, has " + c);
            }
            int outH = same ? h : (h - k[0] + 2 * p[0]) / s[0] + 1;
            int outW = same ? w : (w - k[1] + 2 * p[1]) / s[1] + 1;
            h = outH;
            w = outW;
            c = (int) l.getNOut();
            stages.add(new Conv(weights, bias, k[0], k[1], s[0], s[1], same ? 0 : p[0], same ? 0 : p[1], same, h, w, c));
            pendingRelu = reluAfter;
        }

        /**
         * Inference-time batch norm is y = gamma (x - mean) / sqrt(var + eps) + beta per channel, an affine map
         * that folds into the convolution before it: w' = w a, b' = (b - mean) a + beta with a = gamma / sqrt(var + eps).
         * DL4J keeps either the variance or log10 of the standard deviation (useLogStd); both are read here.
         */
        private void foldBatchNorm(int i, BatchNormalization bn) {
            if (stages.isEmpty() || !(stages.get(stages.size() - 1) instanceof Conv conv) || pendingRelu
                    || bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
                throw unsupported("layer " + i + ": batch normalization that does not directly follow a linear convolution");
            }
            var layer = net.getLayer(i);
            double[] mean = layer.getParam("mean").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            double[] variance;
            if (bn.isUseLogStd()) {
                double[] log10Std = layer.getParam("log10stdev").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
                variance = new double[log10Std.length];
                for (int ch = 0; ch < variance.length; ch++) {
                    double std = Math.pow(10, log10Std[ch]);
                    variance[ch] = std * std;
                }
            } else {
                variance = layer.getParam("var").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            }
            double[] gamma = bn.isLockGammaBeta() ? filled(mean.length, bn.getGamma())
                    : layer.getParam("gamma").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            double[] beta = bn.isLockGammaBeta() ? filled(mean.length, bn.getBeta())
                    : layer.getParam("beta").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            if (mean.length != c) {
                throw unsupported("layer " + i + " normalizes " + mean.length + " channels, has " + c);
            }
            double[] a = new double[c];
            double[] shift = new double[c];
            double[] oldBias = conv.bias().castTo(DataType.DOUBLE).toDoubleVector();
            for (int ch = 0; ch < c; ch++) {
                a[ch] = gamma[ch] / Math.sqrt(variance[ch] + bn.getEps());
                shift[ch] = (oldBias[ch] - mean[ch]) * a[ch] + beta[ch];
            }
            // Scale the output-channel axis (the last one of [kH, kW, in, out]) in double, then back to float.
            long[] shape = conv.weights().shape();
            INDArray scaled = conv.weights().castTo(DataType.DOUBLE).reshape('c', -1, c)
                    .mulRowVector(Nd4j.createFromArray(a)).castTo(DataType.FLOAT).reshape('c', shape).dup('c');
            INDArray bias = Nd4j.createFromArray(shift).castTo(DataType.FLOAT);
            stages.set(stages.size() - 1, new Conv(scaled, bias, conv.kH(), conv.kW(), conv.sH(), conv.sW(),
                    conv.pH(), conv.pW(), conv.same(), conv.outH(), conv.outW(), conv.outC()));
        }

        private void maxPool(int i, SubsamplingLayer s) {
            requireSpatial(i);
            int[] k = s.getKernelSize();
            int[] st = s.getStride();
            int[] p = s.getPadding();
            int[] d = s.getDilation();
            boolean same = s.getConvolutionMode() == ConvolutionMode.Same;
            if (s.getPoolingType() != PoolingType.MAX || p[0] != 0 || p[1] != 0 || d[0] != 1 || d[1] != 1
                    || s.getConvolutionMode() == ConvolutionMode.Causal || s.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                throw unsupported("layer " + i + ": pooling " + s.getPoolingType() + " with mode " + s.getConvolutionMode()
                        + ", padding " + p[0] + "x" + p[1]);
            }
            // A pending ReLU stays pending: max pooling commutes with it, so it runs on the smaller pooled tensor.
            // Same mode pads the bottom/right edge; the start-up comparison with the trained network covers how the op treats it.
            h = same ? (h + st[0] - 1) / st[0] : (h - k[0]) / st[0] + 1;
            w = same ? (w + st[1] - 1) / st[1] : (w - k[1]) / st[1] + 1;
            stages.add(new MaxPool(k[0], k[1], st[0], st[1], same, h, w, c));
        }

        private void dense(int i, org.deeplearning4j.nn.conf.layers.FeedForwardLayer l, boolean last) {
            if (spatial) {
                throw unsupported("layer " + i + ": dense layer on an image without a flattening pre-processor");
            }
            placeRelu();
            var layer = net.getLayer(i);
            INDArray weights = layer.getParam("W").castTo(DataType.FLOAT);
            boolean flatten = flattenNext;
            if (flatten) {
                // Rows are NCHW-flattened (c*H*W + y*W + x); the NHWC activation flattens as (y*W + x)*C + c.
                long outputs = weights.size(1);
                weights = weights.reshape('c', c, h, w, outputs).permute(1, 2, 0, 3).dup('c')
                        .reshape('c', (long) h * w * c, outputs);
            }
            weights = weights.dup('c');
            INDArray bias = l instanceof DenseLayer dl && !dl.hasBias() ? Nd4j.zeros(DataType.FLOAT, l.getNOut())
                    : layer.getParam("b").castTo(DataType.FLOAT).reshape(-1).dup();
            stages.add(new Dense(weights, bias, flatten));
            flattenNext = false;
            if (last) {
                if (!(l.getActivationFn() instanceof ActivationSoftmax)) {
                    throw unsupported("output layer activation " + l.getActivationFn() + ", expected softmax");
                }
                stages.add(new Softmax());
            } else {
                pendingRelu = relu(i, l.getActivationFn());
            }
        }

        private void placeRelu() {
            if (pendingRelu) {
                stages.add(new Relu());
                pendingRelu = false;
            }
        }

        private void requireSpatial(int i) {
            if (!spatial) {
                throw unsupported("layer " + i + ": convolution or pooling after flattening");
            }
        }

        /** Whether {@code fn} is a plain ReLU; identity gives false; anything else is unsupported. */
        private boolean relu(int i, IActivation fn) {
            if (fn instanceof ActivationIdentity) {
                return false;
            }
            if (fn instanceof ActivationReLU r && r.equals(new ActivationReLU())) {
                return true;
            }
            throw unsupported("layer " + i + " has activation " + fn);
        }

        private static double[] filled(int n, double v) {
            double[] a = new double[n];
            java.util.Arrays.fill(a, v);
            return a;
        }

        private static IllegalArgumentException unsupported(String why) {
            return new IllegalArgumentException("no NHWC serving path: " + why);
        }
    }
}
