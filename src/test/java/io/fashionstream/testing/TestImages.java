package io.fashionstream.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encoded test images made from real dataset pixels: the 28x28 image itself as a PNG/GIF/BMP/JPEG, or
 * rendered the way a shop photo looks (large, light background, coloured, off-centre), plus hostile files
 * (a decompression bomb header, truncated data).
 */
public final class TestImages {
    private TestImages() {
    }

    /** The 784 pixels as a 28x28 8-bit grayscale image (dark background, as in the dataset). */
    public static BufferedImage gray28(byte[] pixels) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, 28, 28, pixels);
        return img;
    }

    /**
     * The dataset image as a product photo: inverted onto a white background, scaled up smoothly
     * (bilinear) by {@code scale}, drawn in {@code ink} (black gives plain grayscale) on a
     * {@code width x height} RGB canvas at offset ({@code x}, {@code y}).
     */
    public static BufferedImage photo(byte[] pixels, int width, int height, int x, int y, int scale, Color ink) {
        return render(pixels, width, height, x, y, scale, ink, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    /** As {@link #photo}, but each pixel becomes an exact {@code scale x scale} block (nearest neighbour). */
    public static BufferedImage enlarged(byte[] pixels, int width, int height, int x, int y, int scale) {
        return render(pixels, width, height, x, y, scale, Color.BLACK, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    }

    private static BufferedImage render(byte[] pixels, int width, int height, int x, int y, int scale, Color ink,
                                        Object interpolation) {
        BufferedImage mask = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < 784; i++) {
            int alpha = pixels[i] & 0xff;
            mask.setRGB(i % 28, i / 28, alpha << 24 | (ink.getRGB() & 0xffffff));
        }
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        g.drawImage(mask, x, y, 28 * scale, 28 * scale, null);
        g.dispose();
        return canvas;
    }

    /** {@code image} encoded as {@code format} ("png", "gif", "bmp"). */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // An in-memory stream: ImageIO's default caches through a file in java.io.tmpdir.
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, format, stream)) {
                throw new IllegalArgumentException("No ImageIO writer for " + format + " and " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** A JPEG at {@code quality} (0..1). */
    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * A tiny valid PNG whose header declares {@code width x height} (CRC fixed up): what a decompression
     * bomb looks like before its data is inflated.
     */
    public static byte[] pngDeclaring(int width, int height) {
        byte[] png = png(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY));
        ByteBuffer b = ByteBuffer.wrap(png);
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height, then 5 bytes, then the CRC.
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /** The first {@code fraction} of {@code bytes}: a download cut short. */
    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    /** Mean absolute difference per pixel between two 784-byte images. */
    public static double meanAbsoluteDifference(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / a.length;
    }
}
