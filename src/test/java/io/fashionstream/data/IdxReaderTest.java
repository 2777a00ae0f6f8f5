package io.fashionstream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void shouldReadImagesAndLabelsPlainOrGzip(boolean gzip) throws IOException {
        byte[] pixels = new byte[3 * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        Path images = write("imgs", gzip, idx(IdxReader.IMAGES_MAGIC, new int[] {3, 28, 28}, pixels));
        Path labels = write("lbls", gzip, idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {9, 0, 4}));

        LabelledImages set = IdxReader.read(images, labels);

        assertThat(set.size()).isEqualTo(3);
        assertThat(set.pixels()).isEqualTo(pixels);
        assertThat(set.label(0)).isEqualTo(9);
        assertThat(set.label(2)).isEqualTo(4);
    }

    @Test
    void shouldReadTheRealFashionMnistTestSet() {
        DatasetFiles files = DatasetLocator.standard(java.util.Optional.empty()).locate();

        LabelledImages test = files.test();

        assertThat(test.size()).isEqualTo(10_000);
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perClass[test.label(i)]++;
        }
        assertThat(perClass).containsOnly(1000); // the test set is balanced: 1,000 images per class
    }

    @Test
    void shouldNameTheFileAndMagicWhenTheMagicIsWrong() throws IOException {
        Path labels = write("lbls", false, idx(IdxReader.LABELS_MAGIC, new int[] {1}, new byte[] {1}));

        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(labels.toString())
                .hasMessageContaining("not an IDX images file")
                .hasMessageContaining("0x00000801");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void shouldReportTruncatedBody(boolean gzip) throws IOException {
        byte[] full = idx(IdxReader.IMAGES_MAGIC, new int[] {2, 28, 28}, new byte[2 * 784]);
        Path images = write("imgs", gzip, Arrays.copyOf(full, full.length - 100));

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(images.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldReportATruncatedGzipStream() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(idx(IdxReader.IMAGES_MAGIC, new int[] {50, 28, 28}, new byte[50 * 784]));
        }
        byte[] bytes = gz.toByteArray();
        Path images = dir.resolve("cut.gz");
        Files.write(images, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(images.toString());
    }

    @Test
    void shouldReportAnImageLabelCountMismatchNamingBothFiles() throws IOException {
        Path images = write("imgs", false, idx(IdxReader.IMAGES_MAGIC, new int[] {2, 28, 28}, new byte[2 * 784]));
        Path labels = write("lbls", false, idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("2 images")
                .hasMessageContaining("3 labels")
                .hasMessageContaining(images.toString())
                .hasMessageContaining(labels.toString());
    }

    @Test
    void shouldRefuseLabelsOutsideTheTenClasses() throws IOException {
        Path labels = write("lbls", false, idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {3, 12}));

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("label 1 is 12");
    }

    @Test
    void shouldRefuseImagesOfTheWrongSize() throws IOException {
        Path images = write("imgs", false, idx(IdxReader.IMAGES_MAGIC, new int[] {1, 32, 32}, new byte[1024]));

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("32x32, expected 28x28");
    }

    @Test
    void shouldSayWhenTheFileDoesNotExist() {
        Path missing = dir.resolve("nope.gz");

        assertThatThrownBy(() -> IdxReader.readLabels(missing))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(missing + ": file not found");
    }

    static byte[] idx(int magic, int[] dims, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(body);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, boolean gzip, byte[] content) throws IOException {
        Path file = dir.resolve(name + (gzip ? ".gz" : ""));
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
