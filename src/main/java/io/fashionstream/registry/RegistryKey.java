package io.fashionstream.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of a record on the models topic, which says what the record is. Keys are unique per record
 * (except a deliberate rewrite), so log compaction never removes a chunk, a manifest or a control record:
 * <ul>
 *   <li>{@code v<N>/chunk/<I>}: chunk {@code I} (from 0) of version {@code N}'s artifact bytes;</li>
 *   <li>{@code v<N>/manifest}: version {@code N}'s {@link Manifest}, written after its chunks;</li>
 *   <li>{@code control/<S>}: fleet instruction number {@code S} ({@link ControlRecord}).</li>
 * </ul>
 */
public sealed interface RegistryKey {
    Pattern CHUNK = Pattern.compile("v(\\d{1,9})/chunk/(\\d{1,9})");
    Pattern MANIFEST = Pattern.compile("v(\\d{1,9})/manifest");
    Pattern CONTROL = Pattern.compile("control/(\\d{1,9})");

    /** The key as written on the topic (UTF-8). */
    String text();

    /** Parses a key; throws {@link IllegalArgumentException} for anything that is not a registry key. */
    static RegistryKey parse(String key) {
        if (key == null) {
            throw new IllegalArgumentException("Registry record without a key");
        }
        Matcher m;
        if ((m = CHUNK.matcher(key)).matches()) {
            return new ChunkKey(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if ((m = MANIFEST.matcher(key)).matches()) {
            return new ManifestKey(Integer.parseInt(m.group(1)));
        }
        if ((m = CONTROL.matcher(key)).matches()) {
            return new ControlKey(Integer.parseInt(m.group(1)));
        }
        throw new IllegalArgumentException("Not a model-registry key: '" + key + "'");
    }

    /** Chunk {@code index} of version {@code version}. */
    record ChunkKey(int version, int index) implements RegistryKey {
        public ChunkKey {
            ModelVersion.check(version);
            if (index < 0) {
                throw new IllegalArgumentException("Chunk index may not be negative. Got: " + index);
            }
        }

        @Override
        public String text() {
            return "v" + version + "/chunk/" + index;
        }
    }

    /** The manifest of version {@code version}. */
    record ManifestKey(int version) implements RegistryKey {
        public ManifestKey {
            ModelVersion.check(version);
        }

        @Override
        public String text() {
            return "v" + version + "/manifest";
        }
    }

    /** Control record number {@code sequence}. */
    record ControlKey(int sequence) implements RegistryKey {
        public ControlKey {
            if (sequence < 1) {
                throw new IllegalArgumentException("Control sequence must be at least 1. Got: " + sequence);
            }
        }

        @Override
        public String text() {
            return "control/" + sequence;
        }
    }
}
