package io.fashionstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * enters here. Same config and data, same model.
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
        MultiLayerNetwork net = new MultiLayerNetwork(config.architecture().configuration(config, iterationsPerEpoch));
        net.init();
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
            double accuracy = validationAccuracy(net, validation);
            Double averagedAccuracy = average == null ? null : average.score(net, n -> validationAccuracy(n, validation));
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
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(net, List.copyOf(history), bestEpoch, seconds, imagesSeen / (trainNanos / 1e9));
    }

    private static double validationAccuracy(MultiLayerNetwork net, LabelledImages validation) {
        return Evaluation.of(new Predictor(net, ModelMetadata.Input.FASHION_MNIST.scale()), validation).accuracy();
    }

    private DataSet batch(LabelledImages data, int[] order, int from, int n, Random rng) {
        // Shape [n, 784] for every architecture; CNNs reshape with their own preprocessor.
        float scale = ModelMetadata.Input.FASHION_MNIST.scale();
        float[] features = new float[n * Predictor.PIXELS];
        float[] labels = new float[n * Predictor.CLASSES];
        byte[] px = data.pixels();
        float offTarget = (float) (config.labelSmoothing() / Predictor.CLASSES);
        float onTarget = 1f - (float) config.labelSmoothing() + offTarget;
        for (int i = 0; i < n; i++) {
            int src = order[from + i] * Predictor.PIXELS;
            int dst = i * Predictor.PIXELS;
            boolean flip = config.augment() && rng.nextBoolean();
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
        return new DataSet(Nd4j.create(features, new long[] {n, Predictor.PIXELS}, 'c'),
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
