package io.fashionstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.fashionstream.model.ModelArtifact;

class ChunksTest {
    private static final int CHUNK = 100;

    @ParameterizedTest(name = "{0} bytes in chunks of 100")
    @ValueSource(ints = {1, 99, 100, 101, 250, 300})
    void shouldReassembleExactlyTheBytesThatWereSplit(int size) {
        byte[] bytes = random(size);
        List<byte[]> pieces = Chunks.split(bytes, CHUNK);
        Chunks chunks = new Chunks();
        for (int i = pieces.size() - 1; i >= 0; i--) {
            chunks.add(new RegistryKey.ChunkKey(4, i), pieces.get(i)); // order of arrival does not matter
        }

        byte[] assembled = chunks.assemble(manifest(4, bytes));

        assertThat(pieces).hasSize((size + CHUNK - 1) / CHUNK);
        assertThat(assembled).isEqualTo(bytes);
        assertThat(chunks.pendingVersions()).isZero();
    }

    @Test
    void shouldRefuseAVersionWithAMissingChunk() {
        byte[] bytes = random(250);
        List<byte[]> pieces = Chunks.split(bytes, CHUNK);
        Chunks chunks = new Chunks();
        chunks.add(new RegistryKey.ChunkKey(2, 0), pieces.get(0));
        chunks.add(new RegistryKey.ChunkKey(2, 2), pieces.get(2));

        assertThatThrownBy(() -> chunks.assemble(manifest(2, bytes)))
                .isInstanceOfSatisfying(RejectedVersionException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.INCOMPLETE))
                .hasMessageContaining("v2").hasMessageContaining("3 chunks").hasMessageContaining("[0, 2]");
    }

    @Test
    void shouldRefuseAChunkOfTheWrongSize() {
        byte[] bytes = random(250);
        List<byte[]> pieces = Chunks.split(bytes, CHUNK);
        Chunks chunks = new Chunks();
        chunks.add(new RegistryKey.ChunkKey(2, 0), pieces.get(0));
        chunks.add(new RegistryKey.ChunkKey(2, 1), new byte[CHUNK - 1]);
        chunks.add(new RegistryKey.ChunkKey(2, 2), pieces.get(2));

        assertThatThrownBy(() -> chunks.assemble(manifest(2, bytes)))
                .isInstanceOf(RejectedVersionException.class).hasMessageContaining("chunk 1 has 99 bytes, expected 100");
    }

    @Test
    void shouldRefuseAManifestWithoutChunks() {
        assertThatThrownBy(() -> new Chunks().assemble(manifest(7, random(10))))
                .isInstanceOf(RejectedVersionException.class).hasMessageContaining("v7: manifest without any chunk");
    }

    @Test
    void shouldKeepVersionsApart() {
        byte[] a = random(150);
        byte[] b = random(180);
        Chunks chunks = new Chunks();
        List<byte[]> pa = Chunks.split(a, CHUNK);
        List<byte[]> pb = Chunks.split(b, CHUNK);
        for (int i = 0; i < 2; i++) {
            chunks.add(new RegistryKey.ChunkKey(1, i), pa.get(i));
            chunks.add(new RegistryKey.ChunkKey(2, i), pb.get(i));
        }

        assertThat(chunks.assemble(manifest(2, b))).isEqualTo(b);
        assertThat(chunks.assemble(manifest(1, a))).isEqualTo(a);
    }

    static Manifest manifest(int version, byte[] bytes) {
        return new Manifest(Manifest.FORMAT, version, bytes.length, ModelArtifact.sha256(bytes),
                Chunks.count(bytes.length, CHUNK), CHUNK, "m", "mlp", 0.5, "2025-01-01T00:00:00Z", "test");
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
