package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedModelTest {
    @TempDir
    Path root;

    private Path shipIn(Path dir) throws Exception {
        Path file = dir.resolve(ShippedModel.RELATIVE_PATH);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1});
    }

    @Test
    void shouldFindTheModelOfTheProjectWhoseJarRunsFromAnotherDirectory() throws Exception {
        Path shipped = shipIn(root);
        Path jar = Files.createFile(Files.createDirectories(root.resolve("target")).resolve("fashion-stream.jar"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));

        assertThat(ShippedModel.locate(elsewhere, Optional.of(jar))).isEqualTo(shipped);
    }

    @Test
    void shouldFindTheModelBesideAJarInstalledWithIt() throws Exception {
        Path app = Files.createDirectories(root.resolve("app"));
        Path shipped = shipIn(app);
        Path jar = Files.createFile(app.resolve("fashion-stream.jar"));

        assertThat(ShippedModel.locate(root.resolve("nowhere"), Optional.of(jar))).isEqualTo(shipped);
    }

    @Test
    void shouldPreferTheWorkingDirectory() throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Path inWork = shipIn(work);
        shipIn(root);
        Path classes = Files.createDirectories(root.resolve("target/classes"));

        assertThat(ShippedModel.locate(work, Optional.of(classes))).isEqualTo(inWork);
        assertThat(ShippedModel.locate(root.resolve("nowhere"), Optional.of(classes))).as("from the class folder")
                .isEqualTo(root.resolve(ShippedModel.RELATIVE_PATH));
    }

    @Test
    void shouldSayWhereItLookedAndWhatToDoWhenThereIsNone() {
        assertThatThrownBy(() -> ShippedModel.locate(root, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(root.resolve(ShippedModel.RELATIVE_PATH).toString())
                .hasMessageContaining("--model FILE")
                .hasMessageContaining("--train");
    }
}
