package io.fashionstream.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The batch buffer of one task: images waiting for inference, in a changelogged key-value store keyed by
 * input offset (one task reads one input partition, so offsets are unique and sort in arrival order). The
 * store is written for recovery only: the waiting images are also held in memory, in arrival order, and read
 * from there, so a flush costs no store iteration and no deserialization. Images taken for a batch stop counting
 * as waiting but stay in the store until their predictions are forwarded ({@link #remove}). When the task starts,
 * every image in the store waits again, including those a previous owner had taken for a batch it never finished.
 * Not thread-safe (one per task, like the store).
 */
final class ImageBuffer {
    private final KeyValueStore<Long, PendingImage> store;
    private final ArrayDeque<KeyValue<Long, PendingImage>> waiting = new ArrayDeque<>();

    ImageBuffer(KeyValueStore<Long, PendingImage> store) {
        this.store = store;
        try (KeyValueIterator<Long, PendingImage> it = store.all()) {
            it.forEachRemaining(waiting::addLast);
        }
    }

    /** Adds the image read at {@code offset}; each offset is added once (a task processes each record once). */
    void add(long offset, PendingImage image) {
        store.put(offset, image);
        waiting.addLast(KeyValue.pair(offset, image));
    }

    /** Images waiting for a batch (not counting those taken for one and not yet removed). */
    int size() {
        return waiting.size();
    }

    /**
     * Wall-clock ms when the longest-waiting image entered, {@link Long#MAX_VALUE} when empty. Images enter in
     * offset order at non-decreasing wall-clock times, so the first is the oldest.
     */
    long oldestEnqueuedMs() {
        return waiting.isEmpty() ? Long.MAX_VALUE : waiting.peekFirst().value.enqueuedAtMs();
    }

    /**
     * Takes up to {@code max} of the oldest waiting images for a batch: they no longer count as waiting, but stay
     * in the store until {@link #remove}, so a crash before their predictions are written loses none of them.
     */
    List<KeyValue<Long, PendingImage>> takeOldest(int max) {
        List<KeyValue<Long, PendingImage>> batch = new ArrayList<>(Math.min(max, waiting.size()));
        while (batch.size() < max && !waiting.isEmpty()) {
            batch.add(waiting.pollFirst());
        }
        return batch;
    }

    /**
     * Deletes a batch taken by {@link #takeOldest} from the store; its tombstones go to the changelog in the same
     * transaction as its output.
     */
    void remove(List<KeyValue<Long, PendingImage>> batch) {
        for (KeyValue<Long, PendingImage> kv : batch) {
            store.put(kv.key, null); // a delete that skips reading back and deserializing the old value
        }
    }
}
