package io.fashionstream.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import io.fashionstream.data.LabelledImages;

/**
 * A decoded input image waiting in the batch buffer: its id, 784 pixels, true label (-1 when absent), the
 * input record's timestamp, and the wall-clock time it entered the buffer (for the max-delay flush).
 */
record PendingImage(String id, byte[] pixels, int trueLabel, long timestamp, long enqueuedAtMs) {
    private static final byte FORMAT = 1;

    PendingImage {
        if (pixels.length != LabelledImages.PIXELS) {
            throw new IllegalArgumentException("A pending image has 784 pixels. Got: " + pixels.length);
        }
        if (trueLabel < -1 || trueLabel > 9) {
            throw new IllegalArgumentException("True label must be -1 or 0..9. Got: " + trueLabel);
        }
    }

    /** The buffer store's value serde: a compact binary layout with a format byte. */
    static Serde<PendingImage> serde() {
        return Serdes.serdeFrom(new Ser(), new De());
    }

    private static final class Ser implements Serializer<PendingImage> {
        @Override
        public byte[] serialize(String topic, PendingImage p) {
            if (p == null) {
                return null;
            }
            byte[] id = p.id().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 8 + 8 + 1 + 4 + id.length + p.pixels().length)
                    .put(FORMAT).putLong(p.timestamp()).putLong(p.enqueuedAtMs()).put((byte) p.trueLabel())
                    .putInt(id.length).put(id).put(p.pixels()).array();
        }
    }

    private static final class De implements Deserializer<PendingImage> {
        @Override
        public PendingImage deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer b = ByteBuffer.wrap(data);
                if (b.get() != FORMAT) {
                    throw new SerializationException("Unknown pending-image format " + data[0] + " in " + topic);
                }
                long timestamp = b.getLong();
                long enqueued = b.getLong();
                int label = b.get();
                byte[] id = new byte[b.getInt()];
                b.get(id);
                byte[] pixels = new byte[LabelledImages.PIXELS];
                b.get(pixels);
                if (b.hasRemaining()) {
                    throw new SerializationException(b.remaining() + " trailing bytes in a pending image in " + topic);
                }
                return new PendingImage(new String(id, StandardCharsets.UTF_8), pixels, label, timestamp, enqueued);
            } catch (RuntimeException e) {
                throw e instanceof SerializationException s ? s
                        : new SerializationException("Corrupt pending image in " + topic + ": " + e, e);
            }
        }
    }
}
