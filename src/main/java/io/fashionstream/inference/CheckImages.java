package io.fashionstream.inference;

import java.util.SplittableRandom;

/**
 * Deterministic Fashion-MNIST-like 28x28 images (garment silhouettes with texture on a dark background,
 * plus the extremes: black, white, noise) for checking at start-up, without the dataset, that a serving
 * path computes the same function as the trained network. Runs them as one batch, one at a time, and as
 * a batch larger than a serving chunk, so every code path of the serving path is compared.
 */
final class CheckImages {
    static final int COUNT = 10;
    private static final int SIDE = 28;

    private CheckImages() {
    }

    /** {@link #COUNT} images, 784 bytes each, contiguous. */
    static byte[] images() {
        byte[] px = new byte[COUNT * Predictor.PIXELS];
        SplittableRandom rng = new SplittableRandom(784);
        for (int i = 0; i < COUNT; i++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double v = intensity(i, y, x, rng);
                    px[i * Predictor.PIXELS + y * SIDE + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return px;
    }

    private static double intensity(int kind, int y, int x, SplittableRandom rng) {
        double texture = 150 + 60 * Math.sin(x * 0.9 + y * 0.4) + rng.nextInt(40);
        return switch (kind) {
            case 0 -> 0;
            case 1 -> 255;
            case 2 -> rng.nextInt(256);
            case 3 -> (y >= 4 && y < 26 && x >= 8 && x < 20) || (y >= 4 && y < 12 && x >= 3 && x < 25) ? texture : 0; // t-shirt
            case 4 -> y >= 2 && y < 27 && ((x >= 8 && x < 13) || (x >= 15 && x < 20) || (y < 8 && x >= 8 && x < 20)) ? texture : 0;
            case 5 -> (y >= 11 && y < 25 && x >= 4 && x < 24) || (Math.abs(Math.hypot(y - 11, x - 14) - 6) < 1.2 && y < 11)
                    ? texture : 0; // bag with a handle
            case 6 -> y >= 16 && y < 23 && x >= 2 && x < 26 && (y > 18 || x > 14) ? texture : 0; // sneaker
            case 7 -> Math.max(0, 255 - 18 * Math.hypot((y - 14) / 1.3, x - 14)); // soft ellipse
            case 8 -> y >= 3 && y < 26 && Math.abs(x - 13.5) < 3 + (y - 3) * 0.35 ? texture : 0; // dress
            default -> ((x / 4 + y / 4) % 2 == 0) ? 230 : 20; // checkerboard
        };
    }

    /** The largest difference in any class probability between {@code a} and {@code b} over all check runs. */
    static double maxDifference(Predictor a, Predictor b) {
        byte[] images = images();
        double max = diff(a.predict(images, 0, COUNT), b.predict(images, 0, COUNT));
        for (int i = 0; i < COUNT; i++) {
            max = Math.max(max, diff(a.predict(images, i, 1), b.predict(images, i, 1)));
        }
        int big = Predictor.SERVING_CHUNK + 7;
        byte[] many = new byte[big * Predictor.PIXELS];
        for (int i = 0; i < big; i++) {
            System.arraycopy(images, (i % COUNT) * Predictor.PIXELS, many, i * Predictor.PIXELS, Predictor.PIXELS);
        }
        return Math.max(max, diff(a.predict(many, 0, big), b.predict(many, 0, big)));
    }

    static double diff(float[] x, float[] y) {
        if (x.length != y.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - y[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }
}
