package io.fashionstream.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The four Fashion-MNIST files of one directory (each gzip-compressed or plain). */
public record DatasetFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    public static final List<String> NAMES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /** The files in {@code dir}, accepting each name with or without {@code .gz}; empty unless all four exist. */
    public static Optional<DatasetFiles> in(Path dir) {
        Path[] found = new Path[4];
        for (int i = 0; i < 4; i++) {
            Path gz = dir.resolve(NAMES.get(i));
            Path plain = dir.resolve(NAMES.get(i).replace(".gz", ""));
            found[i] = Files.isRegularFile(gz) ? gz : Files.isRegularFile(plain) ? plain : null;
            if (found[i] == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new DatasetFiles(found[0], found[1], found[2], found[3]));
    }

    public LabelledImages train() {
        return IdxReader.read(trainImages, trainLabels);
    }

    public LabelledImages test() {
        return IdxReader.read(testImages, testLabels);
    }

    /** Reads and verifies all four files. */
    public void load() {
        train();
        test();
    }

    /** SHA-256 of each file, keyed by file name, for the model's provenance. */
    public Map<String, String> sha256() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (Path p : List.of(trainImages, trainLabels, testImages, testLabels)) {
            sums.put(p.getFileName().toString(), sha256(p));
        }
        return sums;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
