package io.fashionstream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path dir;

    @Test
    void shouldNameTheExplicitDirectoryWhenItLacksTheFiles() {
        var locator = new DatasetLocator(Optional.of(dir), Optional.empty(), dir.resolve("sys"), dir.resolve("cache"), Optional.empty());

        assertThatThrownBy(locator::locate)
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("--data " + dir)
                .hasMessageContaining("train-images-idx3-ubyte.gz");
    }

    @Test
    void shouldPreferTheEnvironmentDirectoryOverTheSystemPackage() throws IOException {
        for (String name : DatasetFiles.NAMES) {
            Files.write(dir.resolve(name.replace(".gz", "")), new byte[0]); // plain names are accepted too
        }
        var locator = new DatasetLocator(Optional.empty(), Optional.of(dir.toString()), dir.resolve("sys"), dir.resolve("cache"), Optional.empty());

        DatasetFiles files = locator.locate();

        assertThat(files.trainImages()).isEqualTo(dir.resolve("train-images-idx3-ubyte"));
    }

    @Test
    void shouldExplainHowToGetTheDataWhenNothingIsFoundAndTheDownloadFails() {
        // Port 9 on loopback refuses connections: the same failure as a machine without network.
        var locator = new DatasetLocator(Optional.empty(), Optional.empty(), dir.resolve("sys"), dir.resolve("cache"),
                Optional.of("http://127.0.0.1:9/"));

        assertThatThrownBy(locator::locate)
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("download from http://127.0.0.1:9/ failed")
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("FASHION_MNIST_DIR");
    }
}
