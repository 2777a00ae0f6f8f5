package io.fashionstream.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.common.header.Headers;

import io.fashionstream.model.InvalidModelException;
import io.fashionstream.model.ModelArtifact;

/**
 * The models topic as read so far, record by record in offset order: chunks are buffered, each manifest
 * triggers reassembly and every check (size and chunks, SHA-256, signature when a key is configured, then
 * {@link ModelArtifact#fromBytes}, which parses the ZIP and checks the network digest without DL4J).
 * Versions that pass become {@link RegistryEvent.Published} events; control records become
 * {@link RegistryEvent.Control} events after their signature check. Not thread-safe.
 */
public final class RegistryLog {
    private final Optional<SigningKey> key;
    private final Chunks chunks = new Chunks();
    private final List<RegistryEvent> events = new ArrayList<>();
    private final Map<Integer, VerifiedVersion> versions = new TreeMap<>();
    private final Map<Integer, RejectedVersionException> rejected = new TreeMap<>();
    private final List<ControlRecord> controls = new ArrayList<>();
    private final Map<Integer, RejectedVersionException> rejectedControls = new TreeMap<>();
    private int maxVersion;
    private int maxControl;

    public RegistryLog(Optional<SigningKey> key) {
        this.key = key;
    }

    /** What one record did to the log. */
    public sealed interface Outcome {
        /** A chunk was buffered, or the record changed nothing. */
        record Buffered() implements Outcome {
        }

        record Accepted(VerifiedVersion version) implements Outcome {
        }

        record Controlled(ControlRecord control) implements Outcome {
        }

        /** {@code subject} names what was refused: {@code v3}, {@code control/4} or a raw key. */
        record Rejected(String subject, RejectedVersionException error) implements Outcome {
        }
    }

    /** Applies one record; {@code where} (e.g. {@code fashion.models-0@17}) goes into messages. */
    public Outcome apply(String rawKey, byte[] value, Headers headers, String where) {
        RegistryKey key;
        try {
            key = RegistryKey.parse(rawKey);
        } catch (IllegalArgumentException e) {
            return new Outcome.Rejected(String.valueOf(rawKey),
                    new RejectedVersionException(RejectReason.MALFORMED, where + ": " + e.getMessage()));
        }
        if (key instanceof RegistryKey.ChunkKey c) {
            maxVersion = Math.max(maxVersion, c.version());
            chunks.add(c, value);
            return new Outcome.Buffered();
        }
        if (key instanceof RegistryKey.ManifestKey m) {
            return manifest(m, value, headers, where);
        }
        return control((RegistryKey.ControlKey) key, value, headers, where);
    }

    private Outcome manifest(RegistryKey.ManifestKey mk, byte[] value, Headers headers, String where) {
        int v = mk.version();
        maxVersion = Math.max(maxVersion, v);
        String name = ModelVersion.name(v);
        if (versions.containsKey(v) || rejected.containsKey(v)) {
            return new Outcome.Rejected(name, new RejectedVersionException(RejectReason.MALFORMED,
                    where + ": a second manifest for " + name + "; the first one stands"));
        }
        try {
            VerifiedVersion verified = verify(mk, value, headers, where);
            versions.put(v, verified);
            events.add(new RegistryEvent.Published(v, verified.metadata().testAccuracy()));
            return new Outcome.Accepted(verified);
        } catch (RejectedVersionException e) {
            rejected.put(v, e);
            return new Outcome.Rejected(name, e);
        }
    }

    private VerifiedVersion verify(RegistryKey.ManifestKey mk, byte[] value, Headers headers, String where) {
        String name = ModelVersion.name(mk.version());
        Manifest manifest;
        try {
            manifest = Manifest.fromJson(value);
        } catch (IllegalArgumentException e) {
            chunks.discard(mk.version());
            throw new RejectedVersionException(RejectReason.MALFORMED, name + " at " + where + ": " + e.getMessage());
        }
        if (manifest.version() != mk.version()) {
            chunks.discard(mk.version());
            throw new RejectedVersionException(RejectReason.MALFORMED, name + " at " + where + ": manifest says version "
                    + manifest.version());
        }
        byte[] bytes = chunks.assemble(manifest);
        String actual = ModelArtifact.sha256(bytes);
        if (!actual.equals(manifest.sha256())) {
            throw new RejectedVersionException(RejectReason.SHA256_MISMATCH, name + " at " + where
                    + ": artifact bytes hash to " + actual + ", manifest says " + manifest.sha256());
        }
        if (key.isPresent()) {
            key.get().verify(bytes, RegistryRecords.signature(headers), name + " at " + where);
        }
        try {
            return new VerifiedVersion(mk.version(), manifest, ModelArtifact.fromBytes(bytes, name).metadata(), bytes);
        } catch (InvalidModelException e) {
            throw new RejectedVersionException(RejectReason.INVALID_ARTIFACT, e.getMessage() + " (at " + where + ")", e);
        }
    }

    private Outcome control(RegistryKey.ControlKey ck, byte[] value, Headers headers, String where) {
        maxControl = Math.max(maxControl, ck.sequence());
        String subject = ck.text();
        try {
            if (key.isPresent()) {
                key.get().verify(value == null ? new byte[0] : value, RegistryRecords.signature(headers), subject + " at " + where);
            }
            ControlRecord control = ControlRecord.fromJson(value);
            if (control.sequence() != ck.sequence()) {
                throw new IllegalArgumentException("record says sequence " + control.sequence());
            }
            controls.add(control);
            events.add(new RegistryEvent.Control(control));
            return new Outcome.Controlled(control);
        } catch (IllegalArgumentException e) {
            return rejectControl(ck, new RejectedVersionException(RejectReason.MALFORMED, subject + " at " + where + ": "
                    + e.getMessage()));
        } catch (RejectedVersionException e) {
            return rejectControl(ck, e);
        }
    }

    private Outcome rejectControl(RegistryKey.ControlKey ck, RejectedVersionException e) {
        rejectedControls.put(ck.sequence(), e);
        return new Outcome.Rejected(ck.text(), e);
    }

    /**
     * Takes a verified version out of the running because DL4J could not load it: it stops counting for
     * selection, exactly as if it had failed verification.
     */
    public void markUnloadable(int version, RejectedVersionException why) {
        if (versions.remove(version) != null) {
            rejected.put(version, why);
            events.removeIf(e -> e instanceof RegistryEvent.Published p && p.version() == version);
        }
    }

    /** Verified, loadable-so-far versions and control records, in log order. */
    public List<RegistryEvent> events() {
        return Collections.unmodifiableList(events);
    }

    public Optional<VerifiedVersion> version(int version) {
        return Optional.ofNullable(versions.get(version));
    }

    /** Every verified version by number. */
    public Map<Integer, VerifiedVersion> versions() {
        return Collections.unmodifiableMap(versions);
    }

    /** Refused versions by number, with the reason. */
    public Map<Integer, RejectedVersionException> rejected() {
        return Collections.unmodifiableMap(rejected);
    }

    /** The valid control records, in log order. */
    public List<ControlRecord> controls() {
        return Collections.unmodifiableList(controls);
    }

    /** Refused control records by sequence number, with the reason. */
    public Map<Integer, RejectedVersionException> rejectedControls() {
        return Collections.unmodifiableMap(rejectedControls);
    }

    /** The highest version number present on the topic in any form (chunk or manifest, valid or not); 0 if none. */
    public int maxVersion() {
        return maxVersion;
    }

    /** The highest control sequence number present, valid or not; 0 if none. */
    public int maxControlSequence() {
        return maxControl;
    }
}
