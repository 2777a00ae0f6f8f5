package io.fashionstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.fashionstream.data.DatasetFiles;
import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;

/** The real Fashion-MNIST files, read once per test JVM, and the build's scratch folder. */
public final class TestData {
    private static DatasetFiles files;
    private static LabelledImages test;

    private TestData() {
    }

    public static synchronized DatasetFiles files() {
        if (files == null) {
            files = DatasetLocator.standard(Optional.empty()).locate();
        }
        return files;
    }

    /** The 10,000 test images. */
    public static synchronized LabelledImages test() {
        if (test == null) {
            test = files().test();
        }
        return test;
    }

    /**
     * A folder under the build's {@code java.io.tmpdir} (which surefire/failsafe point into the build
     * directory), created if missing.
     */
    public static Path scratch(String name) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
