package io.fashionstream.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST container format), gzip-compressed or plain, and checks them: magic number,
 * dimensions, and that the file holds exactly the items its header declares. Every problem is a
 * {@link DataFormatException} naming the file.
 */
public final class IdxReader {
    /** Magic for unsigned-byte data with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic for unsigned-byte data with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an images file; returns {@code count*784} pixels. */
    public static byte[] readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw new DataFormatException(file + ": not an IDX images file (magic number "
                        + hex(magic) + ", expected " + hex(IMAGES_MAGIC) + ")");
            }
            int count = readHeaderInt(in, file, "image count");
            int rows = readHeaderInt(in, file, "row count");
            int cols = readHeaderInt(in, file, "column count");
            if (rows != LabelledImages.ROWS || cols != LabelledImages.COLS) {
                throw new DataFormatException(file + ": images are " + rows + "x" + cols + ", expected 28x28");
            }
            if (count <= 0 || count > 1_000_000) {
                throw new DataFormatException(file + ": implausible image count " + count);
            }
            return readBody(in, file, count * LabelledImages.PIXELS, count + " images");
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Reads a labels file; every label must be 0..9. */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != LABELS_MAGIC) {
                throw new DataFormatException(file + ": not an IDX labels file (magic number "
                        + hex(magic) + ", expected " + hex(LABELS_MAGIC) + ")");
            }
            int count = readHeaderInt(in, file, "label count");
            if (count <= 0 || count > 1_000_000) {
                throw new DataFormatException(file + ": implausible label count " + count);
            }
            byte[] labels = readBody(in, file, count, count + " labels");
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= FashionClass.COUNT) {
                    throw new DataFormatException(file + ": label " + i + " is " + (labels[i] & 0xff)
                            + ", expected 0..9");
                }
            }
            return labels;
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Reads a matching pair of files and checks that their counts agree. */
    public static LabelledImages read(Path imagesFile, Path labelsFile) {
        byte[] pixels = readImages(imagesFile);
        byte[] labels = readLabels(labelsFile);
        int images = pixels.length / LabelledImages.PIXELS;
        if (images != labels.length) {
            throw new DataFormatException(imagesFile + " holds " + images + " images but " + labelsFile
                    + " holds " + labels.length + " labels");
        }
        return new LabelledImages(pixels, labels);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated header (no " + what + ")");
        }
    }

    private static byte[] readBody(DataInputStream in, Path file, int length, String what) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {
            throw new DataFormatException(file + ": truncated: header declares " + what + " (" + length
                    + " bytes) but only " + read + " bytes follow");
        }
        if (in.read() != -1) {
            throw new DataFormatException(file + ": trailing data after the " + what + " its header declares");
        }
        return body;
    }

    private static DataFormatException ioError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataFormatException(file + ": file not found", e);
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new DataFormatException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
        return new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
