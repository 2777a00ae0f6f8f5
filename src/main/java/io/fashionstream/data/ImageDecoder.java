package io.fashionstream.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import io.fashionstream.data.ImageRejectedException.Reason;

/**
 * Turns an input value into the 784 pixels the network expects. Exactly 784 bytes are raw 8-bit grayscale
 * in IDX order and pass through unchanged (unless they start with an image file signature: a 784-byte PNG
 * is still a PNG). Anything else must be a PNG, JPEG, GIF or BMP of any size and colour type; its declared
 * dimensions are read from the header and checked against {@link DecodeLimits} before any pixel is decoded,
 * then the picture is converted the way the dataset was made ({@link ImageNormalizer}).
 * Thread-safe: a reader is created per call and no ImageIO global state (disk cache) is used.
 */
public final class ImageDecoder {
    /** ImageIO format names accepted; other formats ImageIO knows (TIFF, WBMP) are refused as not images. */
    public static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");
    /**
     * Large pictures are decoded with source subsampling down to about this many pixels on the longer side:
     * bounds memory per decode (the final image is 28 pixels wide anyway) whatever the declared size.
     */
    static final int DECODE_SIDE = 512;

    private final DecodeLimits limits;

    public ImageDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** 784 grayscale pixels, row-major; throws {@link ImageRejectedException} with the reason otherwise. */
    public byte[] decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "empty value: expected 784 raw grayscale bytes or an image file");
        }
        if (value.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE, "value of " + value.length
                    + " bytes exceeds the limit of " + limits.maxBytes() + " bytes");
        }
        if (value.length == LabelledImages.PIXELS && !hasImageSignature(value)) {
            return value.clone();
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(value))) {
            return decodeImage(in, value.length);
        } catch (IOException e) {
            throw new ImageRejectedException(Reason.UNDECODABLE, "cannot read image: " + e.getMessage(), e);
        }
    }

    private byte[] decodeImage(ImageInputStream in, int length) throws IOException {
        ImageReader reader = readerFor(in, length);
        String format = reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
        try {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(format, width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, (Math.max(width, height) + DECODE_SIDE - 1) / DECODE_SIDE);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0, param);
            if (!warnings.isEmpty()) {
                // e.g. the JPEG reader fills a truncated file with gray and only warns: that is not the picture sent
                throw new ImageRejectedException(Reason.UNDECODABLE, format + " data is corrupt or truncated: "
                        + warnings.get(0));
            }
            return ImageNormalizer.toFashionMnist(gray(image), image.getWidth(), image.getHeight());
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO's readers report corrupt data with IIOException but also with unchecked exceptions.
            throw new ImageRejectedException(Reason.UNDECODABLE, format + " data is corrupt or truncated: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader readerFor(ImageInputStream in, int length) throws IOException {
        for (Iterator<ImageReader> it = ImageIO.getImageReaders(in); it.hasNext(); ) {
            ImageReader reader = it.next();
            String name = reader.getOriginatingProvider().getFormatNames()[0].toLowerCase(Locale.ROOT);
            if (FORMATS.contains(name)) {
                return reader;
            }
            reader.dispose();
        }
        throw new ImageRejectedException(Reason.NOT_AN_IMAGE, "not an image: " + length
                + " bytes that are neither exactly 784 raw grayscale pixels nor a PNG, JPEG, GIF or BMP file");
    }

    private void checkDimensions(String format, int width, int height) {
        if (width < 1 || height < 1) {
            throw new ImageRejectedException(Reason.WRONG_SIZE, format + " declares " + width + "x" + height + " pixels");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_LARGE, format + " declares " + width + "x" + height + " = "
                    + pixels + " pixels, above the limit of " + limits.maxPixels());
        }
        if (Math.max(width, height) > ImageNormalizer.SIDE * (long) Math.min(width, height)) {
            throw new ImageRejectedException(Reason.WRONG_SIZE, format + " of " + width + "x" + height
                    + " has an aspect ratio above 28:1, so its short side would shrink below one pixel");
        }
    }

    /**
     * Grayscale 0..255 (light = 255) of each pixel, row-major, with transparency composited onto white.
     * Gray images are read from their raster: {@code getRGB} would map Java's linear gray space through
     * an sRGB curve and change the values the network sees.
     */
    static int[] gray(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        int[] out = new int[w * h];
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            double max = (1 << cm.getComponentSize(0)) - 1;
            int[] v = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int[] a = cm.hasAlpha() ? raster.getSamples(0, 0, w, h, 1, (int[]) null) : null;
            double maxAlpha = cm.hasAlpha() ? (1 << cm.getComponentSize(1)) - 1 : 1;
            for (int i = 0; i < out.length; i++) {
                double g = v[i] / max * 255;
                if (a != null) {
                    double alpha = a[i] / maxAlpha;
                    g = (cm.isAlphaPremultiplied() ? g : g * alpha) + 255 * (1 - alpha);
                }
                out[i] = (int) Math.round(g);
            }
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) {
            int p = argb[i];
            double alpha = (p >>> 24) / 255.0;
            // ITU-R BT.601 luma, as ImageMagick's default grayscale conversion used to make the dataset.
            double luma = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
            out[i] = (int) Math.round(luma * alpha + 255 * (1 - alpha));
        }
        return out;
    }

    /** Whether {@code v} starts like a PNG, JPEG, GIF or BMP file (a BMP's header also states its length). */
    static boolean hasImageSignature(byte[] v) {
        boolean png = v.length >= 8 && (v[0] & 0xff) == 0x89 && v[1] == 'P' && v[2] == 'N' && v[3] == 'G';
        boolean jpeg = v.length >= 3 && (v[0] & 0xff) == 0xFF && (v[1] & 0xff) == 0xD8 && (v[2] & 0xff) == 0xFF;
        boolean gif = v.length >= 6 && v[0] == 'G' && v[1] == 'I' && v[2] == 'F' && v[3] == '8';
        boolean bmp = v.length >= 6 && v[0] == 'B' && v[1] == 'M'
                && ((v[2] & 0xff) | (v[3] & 0xff) << 8 | (v[4] & 0xff) << 16 | (v[5] & 0xff) << 24) == v.length;
        return png || jpeg || gif || bmp;
    }
}
