package io.fashionstream.registry;

import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.ModelMetadata;

/**
 * A version whose bytes passed the size, SHA-256, signature (when configured) and artifact checks; nothing
 * has been handed to DL4J yet. {@code bytes} are the artifact exactly as published: do not modify them.
 */
public record VerifiedVersion(int version, Manifest manifest, ModelMetadata metadata, byte[] bytes) {
    public VerifiedVersion {
        ModelVersion.check(version);
    }

    /** The display name, e.g. {@code v3}. */
    public String name() {
        return ModelVersion.name(version);
    }

    /** The parsed artifact (re-verifies its network digest; cheap next to loading it). */
    public ModelArtifact artifact() {
        return ModelArtifact.fromBytes(bytes, name());
    }
}
