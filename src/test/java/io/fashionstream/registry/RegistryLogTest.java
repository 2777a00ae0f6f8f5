package io.fashionstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fashionstream.model.ModelArtifact;

/** Verification of versions as they are read from the topic, on a real artifact and without a broker. */
class RegistryLogTest {
    private static final int CHUNK = 64 * 1024;
    private static final SigningKey KEY = SigningKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final SigningKey OTHER = SigningKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    static byte[] artifact;

    @BeforeAll
    static void makeArtifact() {
        artifact = ModelFixtures.untrained(1, 0.8);
    }

    @Test
    void shouldAcceptAVersionSplitOverManyChunks() {
        RegistryLog registry = new RegistryLog(Optional.empty());

        List<RegistryLog.Outcome> outcomes = apply(registry, version(1, artifact, Optional.empty()));

        assertThat(outcomes.subList(0, outcomes.size() - 1)).allMatch(o -> o instanceof RegistryLog.Outcome.Buffered);
        VerifiedVersion v1 = registry.version(1).orElseThrow();
        assertThat(v1.bytes()).isEqualTo(artifact);
        assertThat(v1.manifest().chunks()).isGreaterThan(5);
        assertThat(v1.metadata().version()).isEqualTo(ModelArtifact.fromBytes(artifact, "file").metadata().version());
        assertThat(registry.events()).containsExactly(new RegistryEvent.Published(1, v1.metadata().testAccuracy()));
    }

    @Test
    void shouldRejectAVersionWhoseChunkWasCorrupted() {
        RegistryLog registry = new RegistryLog(Optional.empty());
        var records = version(3, artifact, Optional.empty());
        records.get(2).value()[100] ^= 0x40;

        assertRejected(registry, records, RejectReason.SHA256_MISMATCH, "v3");
        assertThat(registry.events()).isEmpty();
        assertThat(registry.maxVersion()).as("a rejected number is never reused").isEqualTo(3);
    }

    @Test
    void shouldRejectAnUnsignedVersionWhenSigningIsOn() {
        RegistryLog registry = new RegistryLog(Optional.of(KEY));

        assertRejected(registry, version(4, artifact, Optional.empty()), RejectReason.UNSIGNED, "v4");
    }

    @Test
    void shouldRejectAVersionSignedWithAnotherKey() {
        RegistryLog registry = new RegistryLog(Optional.of(KEY));

        assertRejected(registry, version(4, artifact, Optional.of(OTHER)), RejectReason.BAD_SIGNATURE, "v4");
    }

    @Test
    void shouldAcceptAProperlySignedVersion() {
        RegistryLog registry = new RegistryLog(Optional.of(KEY));

        apply(registry, version(5, artifact, Optional.of(KEY)));

        assertThat(registry.version(5)).isPresent();
    }

    @Test
    void shouldRejectBytesThatHashRightButAreNoModel() {
        RegistryLog registry = new RegistryLog(Optional.of(KEY));
        byte[] notAModel = "just some text, signed and hashed correctly".getBytes(StandardCharsets.UTF_8);

        assertRejected(registry, version(2, notAModel, Optional.of(KEY)), RejectReason.INVALID_ARTIFACT, "v2");
    }

    @Test
    void shouldRejectAnUnsignedControlRecordWhenSigningIsOn() {
        RegistryLog registry = new RegistryLog(Optional.of(KEY));
        apply(registry, version(1, artifact, Optional.of(KEY)));

        var outcomes = apply(registry, List.of(RegistryRecords.control("t", ControlRecord.rollback(1, "t", "x"), Optional.empty())));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(RegistryLog.Outcome.Rejected.class,
                r -> assertThat(r.error().reason()).isEqualTo(RejectReason.UNSIGNED));
        assertThat(registry.controls()).isEmpty();
        assertThat(registry.rejectedControls()).containsOnlyKeys(1);
        assertThat(registry.maxControlSequence()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheFirstOfTwoManifestsForOneVersion() {
        RegistryLog registry = new RegistryLog(Optional.empty());
        apply(registry, version(1, artifact, Optional.empty()));

        var outcomes = apply(registry, version(1, "other".getBytes(StandardCharsets.UTF_8), Optional.empty()));

        assertThat(outcomes.get(outcomes.size() - 1)).isInstanceOf(RegistryLog.Outcome.Rejected.class);
        assertThat(registry.version(1).orElseThrow().bytes()).isEqualTo(artifact);
    }

    @Test
    void shouldReportARecordThatIsNotPartOfTheRegistry() {
        RegistryLog registry = new RegistryLog(Optional.empty());

        var outcome = registry.apply("hello", new byte[1], null, "t-0@0");

        assertThat(outcome).isInstanceOfSatisfying(RegistryLog.Outcome.Rejected.class,
                r -> assertThat(r.error()).hasMessageContaining("Not a model-registry key: 'hello'"));
    }

    private static List<ProducerRecord<String, byte[]>> version(int version, byte[] bytes, Optional<SigningKey> key) {
        Manifest manifest = new Manifest(Manifest.FORMAT, version, bytes.length, ModelArtifact.sha256(bytes),
                Chunks.count(bytes.length, CHUNK), CHUNK, "m", "mlp", 0.8, "t", "test");
        return new ArrayList<>(RegistryRecords.version("t", manifest, bytes.clone(), key));
    }

    private static List<RegistryLog.Outcome> apply(RegistryLog registry, List<ProducerRecord<String, byte[]>> records) {
        List<RegistryLog.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            var r = records.get(i);
            outcomes.add(registry.apply(r.key(), r.value(), r.headers(), "t-0@" + i));
        }
        return outcomes;
    }

    private static void assertRejected(RegistryLog registry, List<ProducerRecord<String, byte[]>> records, RejectReason reason,
                                       String subject) {
        List<RegistryLog.Outcome> outcomes = apply(registry, records);
        assertThat(outcomes.get(outcomes.size() - 1)).isInstanceOfSatisfying(RegistryLog.Outcome.Rejected.class, r -> {
            assertThat(r.subject()).isEqualTo(subject);
            assertThat(r.error().reason()).isEqualTo(reason);
        });
        assertThat(registry.rejected()).containsKey(Integer.parseInt(subject.substring(1)));
        assertThat(registry.versions()).doesNotContainKey(Integer.parseInt(subject.substring(1)));
    }
}
