package io.fashionstream.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared secret for HMAC-SHA256 signatures on the models topic. The publisher signs each artifact's
 * complete bytes and each control record's value; a classifier with a key refuses unsigned or wrongly signed
 * records before anything reaches DL4J. Signatures travel in the {@value #HEADER} header as
 * {@code hmac-sha256:<64 hex digits>}. Thread-safe; {@link #toString()} never shows the secret.
 */
public final class SigningKey {
    /** Record header carrying the signature. */
    public static final String HEADER = "signature";
    /** Environment variable holding the secret itself (used when no key file is given). */
    public static final String ENV = "FASHION_STREAM_SIGNING_KEY";
    /** Shortest secret accepted: 128 bits. */
    public static final int MIN_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "hmac-sha256:";

    private final SecretKeySpec key;

    private SigningKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** A key from raw secret bytes (at least {@value #MIN_BYTES}). */
    public static SigningKey of(byte[] secret) {
        return of(secret, "Signing key");
    }

    private static SigningKey of(byte[] secret, String origin) {
        if (secret == null || secret.length < MIN_BYTES) {
            throw new IllegalArgumentException(origin + " is too short: " + (secret == null ? 0 : secret.length)
                    + " bytes, need at least " + MIN_BYTES + " (e.g. `openssl rand -hex 32`)");
        }
        return new SigningKey(secret.clone());
    }

    /** The key in {@code file}: its bytes without trailing whitespace, so {@code openssl rand -hex 32 > FILE} works. */
    public static SigningKey fromFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Signing key file " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("Signing key file " + file + ": cannot read (" + e.getMessage() + ")");
        }
        int end = bytes.length;
        while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        return of(Arrays.copyOf(bytes, end), "Signing key file " + file);
    }

    /** The key from {@code file} when given, else from env {@value #ENV} when set, else none (signing off). */
    public static Optional<SigningKey> resolve(Path file, Map<String, String> env) {
        if (file != null) {
            return Optional.of(fromFile(file));
        }
        String secret = env.get(ENV);
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(of(secret.strip().getBytes(StandardCharsets.UTF_8), "Signing key in " + ENV));
    }

    /** The header value signing {@code data}. */
    public String sign(byte[] data) {
        return PREFIX + HexFormat.of().formatHex(mac(data));
    }

    /**
     * Checks {@code signature} (a header value, or {@code null} when the record had none) against {@code data}.
     *
     * @throws RejectedVersionException {@link RejectReason#UNSIGNED} or {@link RejectReason#BAD_SIGNATURE}
     */
    public void verify(byte[] data, String signature, String what) {
        if (signature == null) {
            throw new RejectedVersionException(RejectReason.UNSIGNED, what + ": unsigned, but a signing key is configured");
        }
        byte[] claimed;
        try {
            if (!signature.startsWith(PREFIX)) {
                throw new IllegalArgumentException("unknown scheme");
            }
            claimed = HexFormat.of().parseHex(signature.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new RejectedVersionException(RejectReason.BAD_SIGNATURE, what + ": signature '" + abbreviate(signature)
                    + "' is not of the form " + PREFIX + "<hex>");
        }
        // constant-time comparison, so the check leaks nothing about how much of a forgery was right
        if (!MessageDigest.isEqual(claimed, mac(data))) {
            throw new RejectedVersionException(RejectReason.BAD_SIGNATURE, what
                    + ": signature does not match (signed with another key, or altered after signing)");
        }
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "...";
    }

    @Override
    public String toString() {
        return "SigningKey[HMAC-SHA256, " + key.getEncoded().length + " bytes]";
    }
}
