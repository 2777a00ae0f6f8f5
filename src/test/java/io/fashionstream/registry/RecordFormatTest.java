package io.fashionstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys, manifests and control records as they appear on the topic. */
class RecordFormatTest {

    @Test
    void shouldWriteAndParseEveryKindOfKey() {
        assertThat(RegistryKey.parse("v12/chunk/3")).isEqualTo(new RegistryKey.ChunkKey(12, 3));
        assertThat(RegistryKey.parse("v12/manifest")).isEqualTo(new RegistryKey.ManifestKey(12));
        assertThat(RegistryKey.parse("control/5")).isEqualTo(new RegistryKey.ControlKey(5));
        assertThat(new RegistryKey.ChunkKey(12, 3).text()).isEqualTo("v12/chunk/3");
        assertThat(new RegistryKey.ManifestKey(12).text()).isEqualTo("v12/manifest");
        assertThat(new RegistryKey.ControlKey(5).text()).isEqualTo("control/5");
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @ValueSource(strings = {"", "v1", "v0/manifest", "v1/chunk/x", "control/0", "model-3", "v1/manifest/extra"})
    void shouldRefuseKeysThatAreNotRegistryKeys(String key) {
        assertThatThrownBy(() -> RegistryKey.parse(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRoundTripAManifestThroughJson() {
        Manifest m = ChunksTest.manifest(3, ChunksTest.random(250));

        Manifest back = Manifest.fromJson(m.toJson());

        assertThat(back).isEqualTo(m);
        assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).contains("\"version\":3", "\"sizeBytes\":250", "\"chunks\":3");
    }

    @Test
    void shouldIgnoreUnknownManifestFieldsSoTheFormatCanGrow() {
        String json = new String(ChunksTest.manifest(3, ChunksTest.random(250)).toJson(), StandardCharsets.UTF_8)
                .replace("{", "{\"addedLater\":true,");

        assertThat(Manifest.fromJson(json.getBytes(StandardCharsets.UTF_8)).version()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAManifestWhoseChunkCountDoesNotFitItsSize() {
        String json = new String(ChunksTest.manifest(3, ChunksTest.random(250)).toJson(), StandardCharsets.UTF_8)
                .replace("\"chunks\":3", "\"chunks\":2");

        assertThatThrownBy(() -> Manifest.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says 2 chunks");
    }

    @Test
    void shouldRefuseAManifestOfAFutureFormat() {
        String json = new String(ChunksTest.manifest(3, ChunksTest.random(250)).toJson(), StandardCharsets.UTF_8)
                .replace("\"format\":1", "\"format\":2");

        assertThatThrownBy(() -> Manifest.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 2 is not supported");
    }

    @Test
    void shouldRefuseGarbageAsAManifest() {
        assertThatThrownBy(() -> Manifest.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Unreadable manifest");
    }

    @Test
    void shouldRoundTripControlRecords() {
        ControlRecord promote = ControlRecord.promote(4, 2, "2025-01-01T00:00:00Z", "ops@host");
        ControlRecord rollback = ControlRecord.rollback(5, "2025-01-01T00:00:00Z", "ops@host");

        assertThat(ControlRecord.fromJson(promote.toJson())).isEqualTo(promote);
        assertThat(ControlRecord.fromJson(rollback.toJson())).isEqualTo(rollback);
        assertThat(new String(promote.toJson(), StandardCharsets.UTF_8)).contains("\"action\":\"promote\"", "\"version\":2");
        assertThat(new String(rollback.toJson(), StandardCharsets.UTF_8)).contains("\"action\":\"rollback\"")
                .doesNotContain("\"version\"");
    }

    @Test
    void shouldRefuseAPromoteWithoutAVersion() {
        byte[] json = "{\"format\":1,\"sequence\":1,\"action\":\"promote\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ControlRecord.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a version");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"latest", "best", "3", "v3", " V3 "})
    void shouldParseModelPolicies(String text) {
        ModelPolicy policy = ModelPolicy.parse(text);

        assertThat(policy.toString()).isEqualTo(text.trim().matches("(?i)v?3") ? "v3" : text);
    }

    @Test
    void shouldExplainAnUnknownModelPolicy() {
        assertThatThrownBy(() -> ModelPolicy.parse("newest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown model policy 'newest'. Valid: latest, best, or a version such as 3 or v3");
    }
}
