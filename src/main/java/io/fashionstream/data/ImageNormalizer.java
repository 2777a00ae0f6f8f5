package io.fashionstream.data;

import java.util.Arrays;

/**
 * Converts a grayscale picture of any size into a 28x28 image made the way Fashion-MNIST was: the object
 * light on a black background, trimmed to its bounding box, its longer side resized to 28 pixels with the
 * aspect ratio kept, and centred (Xiao et al. 2017, "Fashion-MNIST", section 2: trim, resize the longest
 * edge to 28, extend and centre, negate). A picture on a light background (a product photo) is inverted
 * first; then levels are stretched so that the background becomes 0 and the brightest pixel 255, as in
 * the dataset (every test image peaks at 254 or 255), so an off-white or noisy (JPEG) backdrop becomes black
 * and a pale garment is not faint. A picture that already is 28x28 is not trimmed or resized, and one
 * that also has a black background is taken exactly as it is.
 * Stateless and thread-safe.
 */
public final class ImageNormalizer {
    /** Side of the output image. */
    public static final int SIDE = LabelledImages.ROWS;
    /** Pixels this much above the background count as the object when trimming (the dataset's 5% fuzz). */
    static final int TRIM_THRESHOLD = 13;

    private ImageNormalizer() {
    }

    /** {@code gray}: {@code width*height} values 0..255 (light = 255), row-major. Returns 784 bytes. */
    public static byte[] toFashionMnist(int[] gray, int width, int height) {
        if (width < 1 || height < 1 || gray.length != width * height) {
            throw new IllegalArgumentException("Need width*height gray values. Got: " + gray.length + " for "
                    + width + "x" + height);
        }
        int background = borderMedian(gray, width, height);
        if (width == SIDE && height == SIDE && background == 0) {
            return toBytes(gray);
        }
        int[] v = levelled(gray, background);
        return width == SIDE && height == SIDE ? toBytes(v) : fitAndCentre(v, width, height);
    }

    /** Inverted if the background is light; then stretched so background -> 0 and the brightest pixel -> 255. */
    static int[] levelled(int[] gray, int background) {
        boolean invert = background > 127;
        int black = invert ? 255 - background : background;
        int white = black;
        for (int g : gray) {
            white = Math.max(white, invert ? 255 - g : g);
        }
        int[] v = new int[gray.length];
        if (white == black) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            int x = invert ? 255 - gray[i] : gray[i];
            v[i] = Math.max(0, Math.min(255, Math.round((x - black) * 255f / (white - black))));
        }
        return v;
    }

    /** Trims to the object, resizes its longer side to 28 keeping the aspect ratio, and centres it. */
    static byte[] fitAndCentre(int[] v, int width, int height) {
        int[] box = objectBox(v, width, height);
        int cw = box[2] - box[0];
        int ch = box[3] - box[1];
        int tw = cw >= ch ? SIDE : Math.max(1, Math.round(cw * (float) SIDE / ch));
        int th = ch >= cw ? SIDE : Math.max(1, Math.round(ch * (float) SIDE / cw));
        double[] scaled = areaResize(v, width, box[0], box[1], cw, ch, tw, th);
        // An odd margin puts the extra pixel before the object, as in the dataset (97% of its odd cases).
        int ox = (SIDE - tw + 1) / 2;
        int oy = (SIDE - th + 1) / 2;
        byte[] out = new byte[SIDE * SIDE];
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                out[(oy + y) * SIDE + ox + x] = (byte) Math.max(0, Math.min(255, Math.round(scaled[y * tw + x])));
            }
        }
        return out;
    }

    private static byte[] toBytes(int[] v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    /** The median of the outermost ring of pixels: the background colour of a centred object. */
    static int borderMedian(int[] gray, int width, int height) {
        int[] ring = new int[width * height == 1 ? 1 : 2 * width + 2 * Math.max(0, height - 2)];
        int n = 0;
        for (int x = 0; x < width; x++) {
            ring[n++] = gray[x];
            if (height > 1) {
                ring[n++] = gray[(height - 1) * width + x];
            }
        }
        for (int y = 1; y < height - 1; y++) {
            ring[n++] = gray[y * width];
            if (width > 1) {
                ring[n++] = gray[y * width + width - 1];
            }
        }
        int[] used = Arrays.copyOf(ring, n);
        Arrays.sort(used);
        return used[n / 2];
    }

    /** {x0, y0, x1, y1} (exclusive ends) of the pixels above the trim threshold; the whole picture if none. */
    static int[] objectBox(int[] v, int width, int height) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (v[y * width + x] > TRIM_THRESHOLD) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, width, height} : new int[] {x0, y0, x1 + 1, y1 + 1};
    }

    /**
     * Resamples the {@code cw x ch} region at ({@code x0}, {@code y0}) to {@code tw x th} by area averaging:
     * each output pixel is the mean of the source area it covers, partial pixels weighted by coverage.
     * (java.awt's AreaAveragingScaleFilter does the same but only on RGB images, whose gray conversion
     * would alter the values.)
     */
    static double[] areaResize(int[] src, int width, int x0, int y0, int cw, int ch, int tw, int th) {
        double sx = (double) cw / tw;
        double sy = (double) ch / th;
        double[] out = new double[tw * th];
        for (int ty = 0; ty < th; ty++) {
            double ys = ty * sy;
            double ye = ys + sy;
            for (int tx = 0; tx < tw; tx++) {
                double xs = tx * sx;
                double xe = xs + sx;
                double sum = 0;
                for (int iy = (int) ys; iy < ye && iy < ch; iy++) {
                    double wy = Math.min(ye, iy + 1) - Math.max(ys, iy);
                    int row = (y0 + iy) * width + x0;
                    for (int ix = (int) xs; ix < xe && ix < cw; ix++) {
                        double wx = Math.min(xe, ix + 1) - Math.max(xs, ix);
                        sum += src[row + ix] * wx * wy;
                    }
                }
                out[ty * tw + tx] = sum / (sx * sy);
            }
        }
        return out;
    }
}
