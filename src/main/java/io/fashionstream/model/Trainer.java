package io.fashionstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.inference.Predictor;

/**
 * Trains a network: holds out a validation split from the training images, runs the epochs with
 * seeded shuffling (and flips when augmenting), scores validation accuracy after each epoch (of the weights
 * and, when configured, of their moving average) and keeps the best-scoring parameters. The test set never
 * enters here. Same config and data, same model. An architecture that trains channels-last
 * ({@link Architecture#trainsChannelsLast()}) is validated and returned as its channels-first twin.
 */
public final class Trainer {

    /** Progress callbacks, called on the training thread. */
    public interface Listener {
        default void onStart(TrainingConfig config, int trainImages, int validationImages) {
        }

        /** After each minibatch: images done in this epoch and the minibatch loss. */
        default void onBatch(int epoch, int imagesDone, double loss) {
        }

        default void onEpoch(EpochStats stats, boolean best) {
        }
    }

    /** The trained network (best epoch) and how it got there. */
    public record Result(MultiLayerNetwork network, List<EpochStats> history, int bestEpoch,
                         double seconds, double imagesPerSecond) {
    }

    private final TrainingConfig config;

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    /** Splits {@code data} into train and validation parts (seeded) and trains. */
    public Result train(LabelledImages data, Listener listener) {
        if (config.validationSize() >= data.size()) {
            throw new IllegalArgumentException("Validation size " + config.validationSize()
                    + " leaves no training images out of " + data.size());
        }
        int[] order = permutation(data.size(), new Random(config.seed()));
        int trainCount = data.size() - config.validationSize();
        LabelledImages train = data.select(java.util.Arrays.copyOfRange(order, 0, trainCount));
        LabelledImages validation = data.select(java.util.Arrays.copyOfRange(order, trainCount, data.size()));
        return train(train, validation, listener);
    }

    /** Trains on {@code train}, choosing the best epoch by accuracy on {@code validation}. */
    public Result train(LabelledImages train, LabelledImages validation, Listener listener) {
        NativeRuntime.init();
        Nd4j.getRandom().setSeed(config.seed());
        long iterationsPerEpoch = config.iterationsPerEpoch(train.size());
        Architecture arch = config.architecture();
        MultiLayerNetwork net = new MultiLayerNetwork(arch.trainingConfiguration(config, iterationsPerEpoch));
        net.init();
        // Channels-last training: validation (and the result) go through the stored, channels-first twin.
        MultiLayerNetwork stored = arch.trainsChannelsLast()
                ? ChannelsFirst.of(net, arch.configuration(config, iterationsPerEpoch)) : net;
        ToDoubleFunction<MultiLayerNetwork> validate = n -> {
            if (n != stored) {
                ChannelsFirst.copy(n, stored);
            }
            return validationAccuracy(stored, validation);
        };
        listener.onStart(config, train.size(), validation.size());

        Random rng = new Random(config.seed() + 1);
        WeightAverage average = config.weightAveraging() > 0 ? new WeightAverage(net.params(), config.weightAveraging()) : null;
        List<EpochStats> history = new ArrayList<>();
        INDArray bestParams = null;
        double bestAccuracy = -1;
        int bestEpoch = 0;
        long start = System.nanoTime();
        long trainNanos = 0;
        long imagesSeen = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double learningRate = config.schedule().rateAt(config.learningRate(), (epoch - 1) * iterationsPerEpoch,
                    iterationsPerEpoch * config.epochs());
            int[] order = permutation(train.size(), rng);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int n = Math.min(config.batchSize(), order.length - from);
                net.fit(batch(train, order, from, n, rng));
                if (average != null) {
                    average.update(net.params());
                }
                double loss = net.score();
                lossSum += loss;
                batches++;
                listener.onBatch(epoch, from + n, loss);
            }
            long epochTrainNanos = System.nanoTime() - epochStart;
            trainNanos += epochTrainNanos;
            imagesSeen += train.size();
            double accuracy = validate.applyAsDouble(net);
            Double averagedAccuracy = average == null ? null : average.score(net, validate);
            EpochStats stats = new EpochStats(epoch, lossSum / batches, accuracy, (System.nanoTime() - epochStart) / 1e9,
                    train.size() / (epochTrainNanos / 1e9), learningRate, averagedAccuracy);
            boolean best = stats.bestValidationAccuracy() > bestAccuracy;
            if (best) {
                bestAccuracy = stats.bestValidationAccuracy();
                bestEpoch = epoch;
                bestParams = (stats.averagedIsBetter() ? average.weights() : net.params()).dup();
            }
            history.add(stats);
            listener.onEpoch(stats, best);
            long elapsed = System.nanoTime() - start;
            if (epoch < config.epochs() && elapsed + elapsed / epoch > config.maxDuration().toNanos()) {
                break; // another epoch of average length would overrun the time budget: stop with the best so far
            }
        }
        net.setParams(bestParams);
        if (stored != net) {
            ChannelsFirst.copy(net, stored);
            requireSameOutputs(net, stored, validation);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(stored, List.copyOf(history), bestEpoch, seconds, imagesSeen / (trainNanos / 1e9));
    }

    /** The stored network must compute what was trained, up to float rounding, or the artifact would be wrong. */
    private void requireSameOutputs(MultiLayerNetwork trained, MultiLayerNetwork stored, LabelledImages validation) {
        int n = Math.min(256, validation.size());
        int[] first = IntStream.range(0, n).toArray();
        DataSet images = batch(validation, first, 0, n, null);
        INDArray expected = trained.output(images.getFeatures(), false);
        INDArray actual = stored.output(images.getFeatures().reshape('c', n, Predictor.PIXELS), false);
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        if (difference > 1e-4) {
            throw new IllegalStateException("the channels-first copy of the trained network differs from it by "
                    + difference + " in output probability");
        }
    }

    private static double validationAccuracy(MultiLayerNetwork net, LabelledImages validation) {
        return Evaluation.of(new Predictor(net, ModelMetadata.Input.FASHION_MNIST.scale()), validation).accuracy();
    }

    /** Images {@code order[from..from+n)}; {@code rng} flips them when augmenting ({@code null}: never). */
    private DataSet batch(LabelledImages data, int[] order, int from, int n, Random rng) {
        // Shape [n, 784], which CNNs reshape with their own preprocessor, or [n, 28, 28, 1] for channels-last training.
        float scale = ModelMetadata.Input.FASHION_MNIST.scale();
        float[] features = new float[n * Predictor.PIXELS];
        float[] labels = new float[n * Predictor.CLASSES];
        byte[] px = data.pixels();
        float offTarget = (float) (config.labelSmoothing() / Predictor.CLASSES);
        float onTarget = 1f - (float) config.labelSmoothing() + offTarget;
        for (int i = 0; i < n; i++) {
            int src = order[from + i] * Predictor.PIXELS;
            int dst = i * Predictor.PIXELS;
            boolean flip = rng != null && config.augment() && rng.nextBoolean();
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    features[dst + r * 28 + c] = (px[src + r * 28 + (flip ? 27 - c : c)] & 0xff) * scale;
                }
            }
            for (int k = 0; k < Predictor.CLASSES; k++) {
                labels[i * Predictor.CLASSES + k] = offTarget;
            }
            labels[i * Predictor.CLASSES + data.label(order[from + i])] = onTarget;
        }
        long[] shape = config.architecture().trainsChannelsLast() ? new long[] {n, 28, 28, 1}
                : new long[] {n, Predictor.PIXELS};
        return new DataSet(Nd4j.create(features, shape, 'c'),
                Nd4j.create(labels, new long[] {n, Predictor.CLASSES}, 'c'));
    }

    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
