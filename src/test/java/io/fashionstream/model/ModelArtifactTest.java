package io.fashionstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.NativeRuntime;

class ModelArtifactTest {
    static LabelledImages images;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadImages() {
        NativeRuntime.init();
        images = DatasetLocator.standard(Optional.empty()).locate().test().slice(0, 256);
    }

    @Test
    void shouldGiveIdenticalOutputsAfterSaveAndLoad() throws IOException {
        MultiLayerNetwork net = untrained(Architecture.CNN_BN);
        ModelArtifact artifact = ModelArtifact.of(net, metadata("cnn-bn"));
        Path file = dir.resolve("m" + ModelArtifact.EXTENSION);

        artifact.save(file);
        ModelArtifact loaded = ModelArtifact.load(file);

        assertThat(loaded.metadataJson()).isEqualTo(artifact.metadataJson());
        float[] before = artifact.predictor().predict(images.pixels(), 0, images.size());
        float[] after = loaded.predictor().predict(images.pixels(), 0, images.size());
        assertThat(after).containsExactly(before);
        assertThat(loaded.metadata().version()).startsWith("cnn-bn-").endsWith(artifact.metadata().networkSha256().substring(0, 8));
    }

    @Test
    void shouldRefuseANetworkWhoseBytesDoNotMatchTheDigest() throws IOException {
        ModelArtifact artifact = ModelArtifact.of(untrained(Architecture.MLP), metadata("mlp"));
        byte[] tampered = rewriteNetworkEntry(artifact.toBytes(), network -> network[network.length / 2] ^= 0x01);

        assertThatThrownBy(() -> ModelArtifact.fromBytes(tampered, "tampered.fsmodel"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("tampered.fsmodel")
                .hasMessageContaining("digest mismatch")
                .hasMessageContaining(artifact.metadata().networkSha256());
    }

    @Test
    void shouldSayAFileIsNotAnArtifact() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello");

        assertThatThrownBy(() -> ModelArtifact.load(file))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a model artifact");
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        Path file = dir.resolve("missing.fsmodel");

        assertThatThrownBy(() -> ModelArtifact.load(file))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage(file + ": file not found");
    }

    static MultiLayerNetwork untrained(Architecture arch) {
        MultiLayerNetwork net = new MultiLayerNetwork(arch.configuration(arch.defaults()));
        net.init();
        return net;
    }

    static ModelMetadata metadata(String arch) {
        Evaluation eval = Evaluation.of(new int[] {0, 1}, new int[] {0, 1});
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, null, arch, "2026-01-02T03:04:05Z",
                ModelMetadata.HyperParameters.of(Architecture.fromId(arch).defaults()), ModelMetadata.Input.FASHION_MNIST,
                Map.of("t10k-images-idx3-ubyte.gz", "abc"), List.of(new EpochStats(1, 0.5, 0.8, 10, 100, 1e-3, null)), 1,
                eval.accuracy(), eval, 10, 100, "test", null);
    }

    interface Mutation {
        void apply(byte[] network);
    }

    static byte[] rewriteNetworkEntry(byte[] artifact, Mutation mutation) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(artifact));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals(ModelArtifact.NETWORK_ENTRY)) {
                    mutation.apply(content);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
