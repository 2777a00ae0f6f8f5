package io.fashionstream.registry;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The value of a {@code control/<S>} record (JSON): an instruction to the whole fleet, applied by every
 * classifier at its position in the log (see {@link VersionSelector} for exactly what each action does).
 *
 * @param version the version to promote; {@code null} for a rollback
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlRecord(int format, int sequence, Action action, Integer version, String requestedAt,
                            String requestedBy) {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the record asks the fleet to do. */
    public enum Action {
        @JsonProperty("promote") PROMOTE,
        @JsonProperty("rollback") ROLLBACK
    }

    public ControlRecord {
        if (format != FORMAT) {
            throw new IllegalArgumentException("Control record format " + format + " is not supported (this build reads "
                    + FORMAT + ")");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("Control sequence must be at least 1. Got: " + sequence);
        }
        if (action == null) {
            throw new IllegalArgumentException("Control record without an action");
        }
        if (action == Action.PROMOTE && version == null) {
            throw new IllegalArgumentException("A promote control record needs a version");
        }
        if (action == Action.ROLLBACK && version != null) {
            throw new IllegalArgumentException("A rollback control record takes no version. Got: " + version);
        }
        if (version != null) {
            ModelVersion.check(version);
        }
    }

    public static ControlRecord promote(int sequence, int version, String at, String by) {
        return new ControlRecord(FORMAT, sequence, Action.PROMOTE, version, at, by);
    }

    public static ControlRecord rollback(int sequence, String at, String by) {
        return new ControlRecord(FORMAT, sequence, Action.ROLLBACK, null, at, by);
    }

    /** For log lines: {@code promote v3 (#4)}, {@code rollback (#5)}. */
    public String describe() {
        return (action == Action.PROMOTE ? "promote " + ModelVersion.name(version) : "rollback") + " (#" + sequence + ")";
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a record value; throws {@link IllegalArgumentException} saying what is wrong. */
    public static ControlRecord fromJson(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("Control record without a value");
        }
        try {
            return JSON.readValue(value, ControlRecord.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("Unreadable control record: " + cause.getMessage(), e);
        }
    }
}
