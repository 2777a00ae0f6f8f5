package io.fashionstream.stream;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The batch buffer of one task: images waiting for inference, in a changelogged key-value store keyed by
 * input offset (one task reads one input partition, so offsets are unique and sort in arrival order). The
 * size and the oldest entry's enqueue time are cached in memory and rebuilt from the store when the task
 * starts, so checking whether to flush costs no store access. Not thread-safe (one per task, like the store).
 */
final class ImageBuffer {
    private final KeyValueStore<Long, PendingImage> store;
    private int size;
    private long oldestEnqueuedMs = Long.MAX_VALUE;

    ImageBuffer(KeyValueStore<Long, PendingImage> store) {
        this.store = store;
        try (KeyValueIterator<Long, PendingImage> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                size++;
            }
        }
        oldestEnqueuedMs = firstEnqueuedMs();
    }

    /** Adds the image read at {@code offset}; each offset is added once (a task processes each record once). */
    void add(long offset, PendingImage image) {
        store.put(offset, image);
        size++;
        oldestEnqueuedMs = Math.min(oldestEnqueuedMs, image.enqueuedAtMs());
    }

    int size() {
        return size;
    }

    /** Wall-clock ms when the longest-waiting image entered, {@link Long#MAX_VALUE} when empty. */
    long oldestEnqueuedMs() {
        return oldestEnqueuedMs;
    }

    /** Up to {@code max} images in arrival order, left in the buffer until {@link #remove}. */
    List<KeyValue<Long, PendingImage>> oldest(int max) {
        List<KeyValue<Long, PendingImage>> batch = new ArrayList<>(Math.min(max, size));
        try (KeyValueIterator<Long, PendingImage> it = store.all()) {
            while (it.hasNext() && batch.size() < max) {
                batch.add(it.next());
            }
        }
        return batch;
    }

    /** Removes a batch returned by {@link #oldest}; its tombstones go to the changelog in the same transaction as its output. */
    void remove(List<KeyValue<Long, PendingImage>> batch) {
        for (KeyValue<Long, PendingImage> kv : batch) {
            store.delete(kv.key);
        }
        size -= batch.size();
        oldestEnqueuedMs = firstEnqueuedMs();
    }

    /** Images enter in offset order at non-decreasing wall-clock times, so the first entry is the oldest. */
    private long firstEnqueuedMs() {
        try (KeyValueIterator<Long, PendingImage> it = store.all()) {
            return it.hasNext() ? it.next().value.enqueuedAtMs() : Long.MAX_VALUE;
        }
    }
}
