package io.fashionstream.registry;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The value of a {@code v<N>/manifest} record (JSON): how to reassemble and check version {@code N}. It is
 * written last, in the same transaction as the chunks, so a read_committed consumer that sees it has seen
 * every chunk before it. {@code modelId}, {@code architecture} and {@code testAccuracy} are copies for
 * listings only: the classifier trusts the metadata inside the verified artifact, never these.
 *
 * @param sha256 lower-case hex SHA-256 of the whole artifact (all chunks concatenated)
 * @param chunkBytes the size of every chunk but the last
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(int format, int version, long sizeBytes, String sha256, int chunks, int chunkBytes,
                       String modelId, String architecture, double testAccuracy, String publishedAt,
                       String publishedBy) {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Manifest {
        if (format != FORMAT) {
            throw new IllegalArgumentException("Manifest format " + format + " is not supported (this build reads "
                    + FORMAT + ")");
        }
        ModelVersion.check(version);
        if (sizeBytes < 1) {
            throw new IllegalArgumentException("Manifest size must be positive. Got: " + sizeBytes);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("Manifest sha256 must be 64 lower-case hex digits. Got: " + sha256);
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("Manifest chunk size must be positive. Got: " + chunkBytes);
        }
        if (chunks != Chunks.count(sizeBytes, chunkBytes)) {
            throw new IllegalArgumentException("Manifest says " + chunks + " chunks, but " + sizeBytes + " bytes in chunks of "
                    + chunkBytes + " make " + Chunks.count(sizeBytes, chunkBytes));
        }
    }

    /** The JSON written as the record value. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a record value; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Manifest fromJson(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("Manifest record without a value");
        }
        try {
            return JSON.readValue(value, Manifest.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("Unreadable manifest: " + cause.getMessage(), e);
        }
    }
}
