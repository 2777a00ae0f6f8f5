package io.fashionstream.registry;

/** Why a version (or a control record) from the models topic was refused; {@link #code()} is the metric tag. */
public enum RejectReason {
    /** The record cannot be parsed (bad key, bad manifest JSON, unsupported format). */
    MALFORMED("malformed"),
    /** Chunks missing, extra or of the wrong size for the manifest. */
    INCOMPLETE("incomplete"),
    /** The reassembled bytes do not hash to the manifest's SHA-256. */
    SHA256_MISMATCH("sha256_mismatch"),
    /** Signing is on and the record carries no signature. */
    UNSIGNED("unsigned"),
    /** Signing is on and the signature does not match (wrong key or altered bytes). */
    BAD_SIGNATURE("bad_signature"),
    /** The bytes are not a valid model artifact (ZIP, metadata, network digest): {@code ModelArtifact.fromBytes} refused them. */
    INVALID_ARTIFACT("invalid_artifact"),
    /** DL4J could not load the network or it failed its warm-up batch. */
    LOAD_FAILED("load_failed");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** Stable lower-case code for metrics and logs. */
    public String code() {
        return code;
    }
}
