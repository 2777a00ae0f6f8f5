package io.fashionstream.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splitting an artifact into chunk records and putting it back together.
 *
 * <p>Why chunks instead of one big record: a record above the broker's default 1 MB
 * ({@code message.max.bytes}) would need three settings raised in step on every cluster that carries the
 * topic (topic {@code max.message.bytes}, producer {@code max.request.size}, consumer fetch sizes), and
 * managed clusters cap them (often at 8 MB), while a CNN artifact can grow past that. 512 KiB chunks fit
 * every default, keep each fetch small, and the publisher's transaction makes a version's chunks and its
 * manifest visible together or not at all. The assembler is not thread-safe.
 */
public final class Chunks {
    /** The chunk size the publisher uses: half the broker's default record limit, leaving room for overhead. */
    public static final int DEFAULT_BYTES = 512 * 1024;

    private final Map<Integer, TreeMap<Integer, byte[]>> pending = new HashMap<>();

    /** How many chunks of {@code chunkBytes} hold {@code size} bytes. */
    public static int count(long size, int chunkBytes) {
        long n = (size + chunkBytes - 1) / chunkBytes;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Too many chunks: " + n);
        }
        return (int) n;
    }

    /** {@code bytes} cut into pieces of {@code chunkBytes} (the last may be shorter). */
    public static List<byte[]> split(byte[] bytes, int chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("Chunk size must be positive. Got: " + chunkBytes);
        }
        List<byte[]> chunks = new ArrayList<>(count(bytes.length, chunkBytes));
        for (int from = 0; from < bytes.length; from += chunkBytes) {
            chunks.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunkBytes)));
        }
        return chunks;
    }

    /** Buffers one chunk until its manifest arrives; a repeated key replaces the earlier chunk, as compaction would. */
    public void add(RegistryKey.ChunkKey key, byte[] value) {
        pending.computeIfAbsent(key.version(), v -> new TreeMap<>()).put(key.index(), value == null ? new byte[0] : value);
    }

    /**
     * The artifact bytes of {@code manifest}'s version from the buffered chunks, which are released either way.
     *
     * @throws RejectedVersionException ({@link RejectReason#INCOMPLETE}) when a chunk is missing, extra or of the wrong size
     */
    public byte[] assemble(Manifest manifest) {
        TreeMap<Integer, byte[]> chunks = pending.remove(manifest.version());
        String name = ModelVersion.name(manifest.version());
        if (chunks == null) {
            throw new RejectedVersionException(RejectReason.INCOMPLETE, name + ": manifest without any chunk");
        }
        if (chunks.size() != manifest.chunks() || chunks.firstKey() != 0 || chunks.lastKey() != manifest.chunks() - 1) {
            throw new RejectedVersionException(RejectReason.INCOMPLETE, name + ": manifest lists " + manifest.chunks()
                    + " chunks, found indices " + chunks.keySet());
        }
        byte[] bytes = new byte[Math.toIntExact(manifest.sizeBytes())];
        int at = 0;
        for (var e : chunks.entrySet()) {
            byte[] chunk = e.getValue();
            boolean last = e.getKey() == manifest.chunks() - 1;
            int expected = last ? (int) (manifest.sizeBytes() - (long) manifest.chunkBytes() * e.getKey()) : manifest.chunkBytes();
            if (chunk.length != expected) {
                throw new RejectedVersionException(RejectReason.INCOMPLETE, name + ": chunk " + e.getKey() + " has "
                        + chunk.length + " bytes, expected " + expected);
            }
            System.arraycopy(chunk, 0, bytes, at, chunk.length);
            at += chunk.length;
        }
        return bytes;
    }

    /** Drops the buffered chunks of {@code version} (its manifest was unreadable). */
    void discard(int version) {
        pending.remove(version);
    }

    /** Versions with chunks but no manifest yet. */
    public int pendingVersions() {
        return pending.size();
    }
}
