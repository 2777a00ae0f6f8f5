package io.fashionstream.model;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The network architectures {@code train} can build. Every stored network takes a flat row of 784 pixels
 * scaled to [0,1] (CNNs reshape it themselves), so all share one input contract. {@code cnn-bn} trains as a
 * channels-last twin of itself ({@link #trainingConfiguration}), which DL4J runs faster, and is stored
 * channels-first ({@link ChannelsFirst}).
 */
public enum Architecture {
    /** The seed dense network: Dense 256 ReLU, softmax 10 (Keras reference ~88%). */
    MLP("mlp", 15, 128, 1e-3, LearningRateSchedule.CONSTANT, false, 0, 0, 1.0, 1.0),
    /** The seed CNN: Conv32-Pool-Conv64-Pool-Dense128 (Keras reference ~91%). */
    CNN("cnn", 8, 128, 1e-3, LearningRateSchedule.CONSTANT, false, 0, 0, 1.0, 1.0),
    /**
     * The default: three 3x3 conv blocks (32, 64, 128 filters) with 2x2 max pooling, batch norm on the last
     * two, dropout, Dense 256, trained with a learning rate decaying linearly towards zero. (Label smoothing 0.1
     * with a moving average of the weights, 8 epochs, scored 92.44% against 92.89% without, 9 epochs: not default.)
     * Each ReLU comes after the max pooling that follows its convolution (the same function: max pooling commutes
     * with ReLU, and the pooled tensor is 4x smaller). Trained channels-last (NHWC), where DL4J's pooling and
     * ReLU back-propagation stop taking the slow paths they take channels-first: ~370 against ~285 img/s
     * in a probe on 2 cores, batch 128, ~400 in full training. That fits 11 epochs into 30 minutes (~1,570 s).
     */
    CNN_BN("cnn-bn", 11, 128, 2e-3, LearningRateSchedule.LINEAR, false, 0, 0, 0.85, 0.7);

    public static final Architecture DEFAULT = CNN_BN;

    private final String id;
    private final int defaultEpochs;
    private final int defaultBatchSize;
    private final double defaultLearningRate;
    private final LearningRateSchedule defaultSchedule;
    private final boolean defaultAugment;
    private final double defaultLabelSmoothing;
    private final double defaultWeightAveraging;
    /** cnn-bn's dropout around its dense layer, as DL4J takes it: the probability of keeping a unit. */
    private final double keepBeforeDense;
    private final double keepAfterDense;

    Architecture(String id, int epochs, int batch, double lr, LearningRateSchedule schedule, boolean augment,
                 double labelSmoothing, double weightAveraging, double keepBeforeDense, double keepAfterDense) {
        this.id = id;
        this.defaultEpochs = epochs;
        this.defaultBatchSize = batch;
        this.defaultLearningRate = lr;
        this.defaultSchedule = schedule;
        this.defaultAugment = augment;
        this.defaultLabelSmoothing = labelSmoothing;
        this.defaultWeightAveraging = weightAveraging;
        this.keepBeforeDense = keepBeforeDense;
        this.keepAfterDense = keepAfterDense;
    }

    /** The name used on the command line and in metadata, e.g. {@code cnn-bn}. */
    public String id() {
        return id;
    }

    /** The architecture named {@code id}; the message lists the valid names. */
    public static Architecture fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown architecture '" + id + "'. Valid: "
                        + Arrays.stream(values()).map(Architecture::id).toList()));
    }

    /** Training settings this architecture was tuned with. */
    public TrainingConfig defaults() {
        return new TrainingConfig(this, defaultEpochs, defaultBatchSize, defaultLearningRate,
                defaultSchedule, defaultAugment, defaultLabelSmoothing, defaultWeightAveraging, 5_000, 42L,
                java.time.Duration.ofMinutes(30));
    }

    /** The network configuration for the given settings, planned for the full 55,000-image training split. */
    public MultiLayerConfiguration configuration(TrainingConfig config) {
        return configuration(config, config.iterationsPerEpoch(60_000 - config.validationSize()));
    }

    /**
     * The network as stored and served (channels-first, flat 784-pixel input) for the given settings and
     * {@code iterationsPerEpoch} minibatches per epoch.
     */
    public MultiLayerConfiguration configuration(TrainingConfig config, long iterationsPerEpoch) {
        return configuration(config, iterationsPerEpoch, CNN2DFormat.NCHW);
    }

    /** Whether training runs on a channels-last twin of the stored network ({@link #trainingConfiguration}). */
    public boolean trainsChannelsLast() {
        return this == CNN_BN;
    }

    /**
     * The network {@link Trainer} fits: the stored configuration, or for {@link #trainsChannelsLast()} the same
     * layers channels-last, taking images shaped [n, 28, 28, 1] (the flat row's bytes in the same order).
     * {@link ChannelsFirst#copy} turns its parameters into the stored network's.
     */
    public MultiLayerConfiguration trainingConfiguration(TrainingConfig config, long iterationsPerEpoch) {
        return configuration(config, iterationsPerEpoch, trainsChannelsLast() ? CNN2DFormat.NHWC : CNN2DFormat.NCHW);
    }

    private MultiLayerConfiguration configuration(TrainingConfig config, long iterationsPerEpoch, CNN2DFormat format) {
        var schedule = config.schedule().schedule(config.learningRate(), iterationsPerEpoch * config.epochs());
        var updater = schedule == null ? new Adam(config.learningRate()) : new Adam(schedule);
        var list = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .list();
        switch (this) {
            case MLP -> list
                    .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                    .layer(softmax())
                    .setInputType(InputType.feedForward(784));
            case CNN -> list
                    .layer(conv(32, Activation.RELU, format))
                    .layer(maxPool(format))
                    .layer(conv(64, Activation.RELU, format))
                    .layer(maxPool(format))
                    .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                    .layer(softmax())
                    .setInputType(InputType.convolutionalFlat(28, 28, 1));
            case CNN_BN -> list
                    // No batch norm on the first block: on its 28x28x32 activations it cost 17% of the training
                    // time (probe, batch 128: 272 -> 328 img/s without it), which buys more epochs in the budget.
                    .layer(conv(32, Activation.IDENTITY, format)).layer(maxPool(format)).layer(relu())
                    .layer(conv(64, Activation.IDENTITY, format)).layer(batchNorm(format))
                    .layer(maxPool(format)).layer(relu())
                    .layer(conv(128, Activation.IDENTITY, format)).layer(batchNorm(format))
                    // 7x7 -> 4x4: a truncating pool would drop the last row and column
                    .layer(maxPoolKeepingEdges(format)).layer(relu())
                    .layer(new DropoutLayer(keepBeforeDense))
                    .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                    .layer(new DropoutLayer(keepAfterDense))
                    .layer(softmax())
                    .setInputType(format == CNN2DFormat.NHWC ? InputType.convolutional(28, 28, 1, format)
                            : InputType.convolutionalFlat(28, 28, 1));
        }
        return list.build();
    }

    private static ConvolutionLayer conv(int filters, Activation activation, CNN2DFormat format) {
        return new ConvolutionLayer.Builder(3, 3).nOut(filters).convolutionMode(ConvolutionMode.Same)
                .dataFormat(format).activation(activation).build();
    }

    private static BatchNormalization batchNorm(CNN2DFormat format) {
        return new BatchNormalization.Builder().dataFormat(format).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer(Activation.RELU);
    }

    private static SubsamplingLayer maxPool(CNN2DFormat format) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .dataFormat(format).build();
    }

    private static SubsamplingLayer maxPoolKeepingEdges(CNN2DFormat format) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same).dataFormat(format).build();
    }

    private static OutputLayer softmax() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build();
    }
}
