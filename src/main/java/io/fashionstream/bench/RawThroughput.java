package io.fashionstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fashionstream.inference.Predictor;

/**
 * Images per second of {@link Predictor}s on in-memory batches: one thread per predictor (network copy),
 * all running the same batch size at once, after a warm-up. The threads live as long as this object, so
 * OpenMP thread teams are not rebuilt between measurements. Close it when done.
 */
final class RawThroughput implements AutoCloseable {
    private final List<Predictor> copies;
    private final byte[] images;
    private final int imageCount;
    private final ExecutorService threads;

    /** {@code images}: a pool of 784-byte images cycled through as inputs (at least as many as the largest batch). */
    RawThroughput(List<Predictor> copies, byte[] images) {
        this.copies = List.copyOf(copies);
        this.images = images;
        this.imageCount = images.length / Predictor.PIXELS;
        this.threads = Executors.newFixedThreadPool(copies.size(), r -> {
            Thread t = new Thread(r, "bench-inference");
            t.setDaemon(true);
            return t;
        });
    }

    /** Warms up for {@code warmup}, then runs all copies for {@code measure}; the total images per second. */
    double imagesPerSecond(int batch, Duration warmup, Duration measure) {
        if (batch > imageCount) {
            throw new IllegalArgumentException("Batch " + batch + " exceeds the " + imageCount + " images in the pool");
        }
        CyclicBarrier start = new CyclicBarrier(copies.size());
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < copies.size(); t++) {
            Predictor p = copies.get(t);
            int first = t * 97 % imageCount;
            results.add(threads.submit(() -> run(p, batch, first, warmup, measure, start)));
        }
        long images = 0;
        long beginNanos = Long.MAX_VALUE;
        long endNanos = 0;
        try {
            for (Future<long[]> f : results) {
                long[] r = f.get(warmup.plus(measure).toSeconds() + 600, TimeUnit.SECONDS);
                images += r[0];
                beginNanos = Math.min(beginNanos, r[1]);
                endNanos = Math.max(endNanos, r[2]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("inference thread failed: " + e.getMessage(), e);
        }
        return images / ((endNanos - beginNanos) / 1e9);
    }

    /** Returns {images, start nanos, end nanos} of the measured part. */
    private long[] run(Predictor p, int batch, int first, Duration warmup, Duration measure, CyclicBarrier start)
            throws Exception {
        int offset = first;
        long warmEnd = System.nanoTime() + warmup.toNanos();
        int warmCalls = 0;
        while (System.nanoTime() < warmEnd || warmCalls < 3) {
            p.predict(images, offset, batch);
            offset = next(offset, batch);
            warmCalls++;
        }
        start.await();
        long begin = System.nanoTime();
        long end = begin + measure.toNanos();
        long done = 0;
        long now;
        do {
            p.predict(images, offset, batch);
            offset = next(offset, batch);
            done += batch;
            now = System.nanoTime();
        } while (now < end);
        return new long[] {done, begin, now};
    }

    private int next(int offset, int batch) {
        int n = offset + batch;
        return n + batch > imageCount ? 0 : n;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
