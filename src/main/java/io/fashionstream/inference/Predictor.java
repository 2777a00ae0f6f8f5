package io.fashionstream.inference;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a trained network on batches of 28x28 8-bit grayscale images (784 bytes each, row-major) and
 * returns the ten class probabilities of each. Applies the input scaling the network was trained with.
 * Two paths: the network as trained ({@link #Predictor(MultiLayerNetwork, float)}, DL4J's {@code output()}),
 * and the serving path ({@link #forServing}), which runs CNNs through {@link NhwcNetwork} several times faster
 * and is only used after it gave the same probabilities (within {@link #SERVING_TOLERANCE}) on check images.
 * Not thread-safe: DL4J networks and the serving path's buffers keep per-call state, so give each thread
 * its own {@code Predictor} (see {@link #copy()}).
 */
public final class Predictor {
    public static final int PIXELS = 784;
    public static final int CLASSES = 10;
    /** Largest difference in any probability that the serving path may have from the network as trained. */
    public static final double SERVING_TOLERANCE = 1e-4;
    /** Images per native call on the serving path; larger batches run in chunks (chosen by the bench). */
    public static final int SERVING_CHUNK = 64;

    private static final Logger log = LoggerFactory.getLogger(Predictor.class);

    private final MultiLayerNetwork net;
    private final float inputScale;
    private final NhwcRunner fast;

    /** The network as trained: every batch goes through DL4J's {@code output()}. */
    public Predictor(MultiLayerNetwork net, float inputScale) {
        this(net, inputScale, null);
    }

    private Predictor(MultiLayerNetwork net, float inputScale, NhwcRunner fast) {
        if (!(inputScale > 0)) {
            throw new IllegalArgumentException("Input scale must be positive. Got: " + inputScale);
        }
        this.net = net;
        this.inputScale = inputScale;
        this.fast = fast;
    }

    /**
     * The fastest path that gives the same predictions as {@code net}: for the CNN architectures the NHWC
     * serving path, checked on {@link CheckImages} against {@code net} before it is returned; if the network
     * is not supported (e.g. the MLP) or the check fails (logged as a WARN), the network as trained.
     */
    public static Predictor forServing(MultiLayerNetwork net, float inputScale) {
        return forServing(net, inputScale, SERVING_CHUNK);
    }

    /** As {@link #forServing(MultiLayerNetwork, float)}, with the serving path's chunk size (images per native call). */
    public static Predictor forServing(MultiLayerNetwork net, float inputScale, int chunk) {
        Predictor plain = new Predictor(net, inputScale);
        NhwcNetwork converted;
        try {
            converted = NhwcNetwork.of(net);
        } catch (IllegalArgumentException e) {
            log.info("Serving the network as trained: {}", e.getMessage());
            return plain;
        }
        Predictor fast = new Predictor(net, inputScale, new NhwcRunner(converted, chunk));
        double diff;
        try {
            diff = CheckImages.maxDifference(plain, fast);
        } catch (RuntimeException e) {
            log.warn("NHWC serving path failed its start-up check ({}); serving the network as trained", e.toString());
            return plain;
        }
        if (!(diff <= SERVING_TOLERANCE)) {
            log.warn("NHWC serving path differs from the trained network by {} (tolerance {}); serving the network as trained",
                    diff, SERVING_TOLERANCE);
            return plain;
        }
        log.info("Serving on the NHWC path ({}), max probability difference from the trained network {}", converted, diff);
        return fast;
    }

    /** Whether this predictor runs the NHWC serving path rather than the network as trained. */
    public boolean servingPath() {
        return fast != null;
    }

    /** An independent predictor over a deep copy of the network (and its own serving buffers), for another thread. */
    public Predictor copy() {
        return new Predictor(net.clone(), inputScale, fast == null ? null : fast.copy());
    }

    /**
     * Probabilities of {@code count} images stored contiguously in {@code pixels} from {@code offset}
     * (in images): element {@code i*10+c} of the result is image {@code i}'s probability of class {@code c}.
     */
    public float[] predict(byte[] pixels, int offset, int count) {
        if (count <= 0) {
            return new float[0];
        }
        if (fast != null) {
            return fast.predict(pixels, offset, count, inputScale);
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
