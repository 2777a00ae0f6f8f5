package io.fashionstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    private static final SigningKey KEY = SigningKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final SigningKey OTHER = SigningKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    private static final byte[] DATA = ChunksTest.random(5_000);

    @TempDir
    Path dir;

    @BeforeAll
    static void createTmpDir() throws IOException {
        // java.io.tmpdir lies under the build folder, which @TempDir expects to exist
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void shouldAcceptWhatItSigned() {
        String signature = KEY.sign(DATA);

        assertThat(signature).matches("hmac-sha256:[0-9a-f]{64}");
        assertThatCode(() -> KEY.verify(DATA, signature, "v1")).doesNotThrowAnyException();
    }

    @Test
    void shouldProduceStandardHmacSha256SoOtherToolsCanSign() {
        // RFC 4231, test case 1: key = 20 bytes of 0x0b, data = "Hi There"
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);

        assertThat(SigningKey.of(key).sign("Hi There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("hmac-sha256:b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void shouldRefuseBytesAlteredAfterSigning() {
        String signature = KEY.sign(DATA);
        byte[] altered = DATA.clone();
        altered[1234] ^= 1;

        assertRejected(() -> KEY.verify(altered, signature, "v3"), RejectReason.BAD_SIGNATURE, "v3: signature does not match");
    }

    @Test
    void shouldRefuseASignatureMadeWithAnotherKey() {
        assertRejected(() -> KEY.verify(DATA, OTHER.sign(DATA), "v3"), RejectReason.BAD_SIGNATURE, "does not match");
    }

    @Test
    void shouldRefuseAnUnsignedRecord() {
        assertRejected(() -> KEY.verify(DATA, null, "v4"), RejectReason.UNSIGNED, "v4: unsigned, but a signing key is configured");
    }

    @Test
    void shouldRefuseASignatureOfAnUnknownScheme() {
        assertRejected(() -> KEY.verify(DATA, "ed25519:abcd", "v4"), RejectReason.BAD_SIGNATURE, "is not of the form hmac-sha256:<hex>");
        assertRejected(() -> KEY.verify(DATA, "hmac-sha256:zz", "v4"), RejectReason.BAD_SIGNATURE, "is not of the form");
    }

    @Test
    void shouldReadTheKeyFileWithoutItsTrailingNewline() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), "0123456789abcdef0123456789abcdef\n");

        assertThat(SigningKey.fromFile(file).sign(DATA)).isEqualTo(KEY.sign(DATA));
    }

    @Test
    void shouldRefuseAShortKeyNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("short"), "secret\n");

        assertThatThrownBy(() -> SigningKey.fromFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Signing key file " + file + " is too short: 6 bytes, need at least 16");
    }

    @Test
    void shouldExplainAMissingKeyFile() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> SigningKey.fromFile(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Signing key file " + missing + ": no such file");
    }

    @Test
    void shouldPreferTheKeyFileToTheEnvironmentAndBeOffWithNeither() throws IOException {
        Path file = Files.writeString(dir.resolve("key"), "0123456789abcdef0123456789abcdef");
        Map<String, String> env = Map.of(SigningKey.ENV, "fedcba9876543210fedcba9876543210");

        assertThat(SigningKey.resolve(file, env).orElseThrow().sign(DATA)).isEqualTo(KEY.sign(DATA));
        assertThat(SigningKey.resolve(null, env).orElseThrow().sign(DATA)).isEqualTo(OTHER.sign(DATA));
        assertThat(SigningKey.resolve(null, Map.of())).isEmpty();
    }

    @Test
    void shouldNeverPrintTheSecret() {
        assertThat(KEY.toString()).doesNotContain("0123456789abcdef").contains("32 bytes");
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RejectReason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RejectedVersionException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContaining(message);
    }
}
