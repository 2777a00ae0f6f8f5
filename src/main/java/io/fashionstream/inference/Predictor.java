package io.fashionstream.inference;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a trained network on batches of 28x28 8-bit grayscale images (784 bytes each, row-major) and
 * returns the ten class probabilities of each. Applies the input scaling the network was trained with.
 * Not thread-safe: DL4J networks keep per-call state, so give each thread its own {@code Predictor}
 * (see {@link #copy()}).
 */
public final class Predictor {
    public static final int PIXELS = 784;
    public static final int CLASSES = 10;

    private final MultiLayerNetwork net;
    private final float inputScale;

    public Predictor(MultiLayerNetwork net, float inputScale) {
        if (!(inputScale > 0)) {
            throw new IllegalArgumentException("Input scale must be positive. Got: " + inputScale);
        }
        this.net = net;
        this.inputScale = inputScale;
    }

    /** An independent predictor over a deep copy of the network, for another thread. */
    public Predictor copy() {
        return new Predictor(net.clone(), inputScale);
    }

    /**
     * Probabilities of {@code count} images stored contiguously in {@code pixels} from {@code offset}
     * (in images): element {@code i*10+c} of the result is image {@code i}'s probability of class {@code c}.
     */
    public float[] predict(byte[] pixels, int offset, int count) {
        if (count <= 0) {
            return new float[0];
        }
        float[] input = new float[count * PIXELS];
        int base = offset * PIXELS;
        for (int i = 0; i < input.length; i++) {
            input[i] = (pixels[base + i] & 0xff) * inputScale;
        }
        INDArray out = net.output(Nd4j.create(input, new long[] {count, PIXELS}, 'c'), false);
        return out.data().asFloat();
    }

    /** Probabilities of each image (each exactly 784 bytes), as {@code result[i][c]}. */
    public float[][] predict(byte[][] images) {
        byte[] packed = new byte[images.length * PIXELS];
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != PIXELS) {
                throw new IllegalArgumentException("Image " + i + " has " + images[i].length + " bytes, expected 784");
            }
            System.arraycopy(images[i], 0, packed, i * PIXELS, PIXELS);
        }
        float[] flat = predict(packed, 0, images.length);
        float[][] result = new float[images.length][CLASSES];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(flat, i * CLASSES, result[i], 0, CLASSES);
        }
        return result;
    }

    /** Index of the largest of the ten probabilities starting at {@code offset}. */
    public static int argmax(float[] probabilities, int offset) {
        int best = 0;
        for (int c = 1; c < CLASSES; c++) {
            if (probabilities[offset + c] > probabilities[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    public MultiLayerNetwork network() {
        return net;
    }

    public float inputScale() {
        return inputScale;
    }
}
