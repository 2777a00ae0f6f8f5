package io.fashionstream.data;

import java.util.Arrays;

/**
 * A set of 28x28 8-bit grayscale images with their labels, stored row-major and contiguously as in the
 * IDX files: image {@code i} is {@code pixels[i*784 .. i*784+783]}. Immutable by convention: callers
 * must not modify the arrays.
 */
public record LabelledImages(byte[] pixels, byte[] labels) {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;

    public LabelledImages {
        if (pixels.length % PIXELS != 0) {
            throw new IllegalArgumentException("Pixel array length must be a multiple of 784. Got: " + pixels.length);
        }
        if (pixels.length / PIXELS != labels.length) {
            throw new IllegalArgumentException("Image count " + pixels.length / PIXELS
                    + " does not match label count " + labels.length);
        }
        for (byte l : labels) {
            if (l < 0 || l >= FashionClass.COUNT) {
                throw new IllegalArgumentException("Labels must be 0..9. Got: " + l);
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** A copy of image {@code i}'s 784 pixels. */
    public byte[] image(int i) {
        return Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) as a new set. */
    public LabelledImages slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("Bad slice [" + from + ", " + to + ") of " + size() + " images");
        }
        return new LabelledImages(Arrays.copyOfRange(pixels, from * PIXELS, to * PIXELS),
                Arrays.copyOfRange(labels, from, to));
    }

    /** The images at the given indices, in that order. */
    public LabelledImages select(int[] indices) {
        byte[] px = new byte[indices.length * PIXELS];
        byte[] lb = new byte[indices.length];
        for (int j = 0; j < indices.length; j++) {
            System.arraycopy(pixels, indices[j] * PIXELS, px, j * PIXELS, PIXELS);
            lb[j] = labels[indices[j]];
        }
        return new LabelledImages(px, lb);
    }
}
