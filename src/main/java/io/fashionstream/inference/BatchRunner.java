package io.fashionstream.inference;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Where batches run through the network: on the calling thread ({@link #callingThread()}), or on a fixed pool of
 * inference threads ({@link #pool(int)}), each with its own copy of the network ({@link ServingModel#predictor()}
 * is per thread) on one OpenMP thread. With a pool, a Kafka Streams thread hands a batch over and goes back to
 * polling and committing while the network runs. On the 2-core benchmark machine, shared with the broker, that was
 * no faster than running the network on the stream threads (README, "Throughput").
 *
 * <p>The pool's threads start on the first batch, not when it is created, and are daemons; {@link #close()} lets
 * running batches finish and refuses new ones. The pool's queue is unbounded: callers bound it by keeping at most a
 * few batches in flight. Thread-safe.
 *
 * <p>{@link #standIn(Duration, int)} runs no network at all, for the benchmark's bound on what everything else costs.
 */
public final class BatchRunner implements AutoCloseable {
    private static final BatchRunner CALLING_THREAD = new BatchRunner(null, -1);
    private final ExecutorService pool;
    /** Per image, how long a stand-in batch takes; negative: the network runs. */
    private final long standInNanosPerImage;

    /** A batch's probabilities ({@link Predictor#predict} layout) and the time it spent in the network. */
    public record Result(float[] probabilities, long inferenceNanos) {
    }

    private BatchRunner(ExecutorService pool, long standInNanosPerImage) {
        this.pool = pool;
        this.standInNanosPerImage = standInNanosPerImage;
    }

    /** Runs each batch on the thread that submits it; the returned future is already done. */
    public static BatchRunner callingThread() {
        return CALLING_THREAD;
    }

    /** Runs batches on {@code threads} inference threads, oldest batch first. */
    public static BatchRunner pool(int threads) {
        return on(newPool(threads));
    }

    /** {@code threads} daemon inference threads, started with the first batch, taking batches oldest first. */
    private static ExecutorService newPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Inference threads must be at least 1. Got: " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "fashion-stream-inference-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /** Runs batches on {@code executor}, which {@link #close()} shuts down. */
    public static BatchRunner on(ExecutorService executor) {
        return new BatchRunner(Objects.requireNonNull(executor, "executor"), -1);
    }

    /**
     * Runs no network: each batch sleeps {@code perImage} x its images, on the calling thread ({@code threads} 0) or on
     * a pool like {@link #pool(int)}'s, then answers every image with class 0 at probability 1. The benchmark's
     * stand-in for the network at its raw ceiling: batches take the network's time but no CPU, so what the JVMs use
     * meanwhile is everything but the network.
     */
    public static BatchRunner standIn(Duration perImage, int threads) {
        if (perImage.isNegative()) {
            throw new IllegalArgumentException("A stand-in batch cannot take negative time. Got: " + perImage);
        }
        return new BatchRunner(threads == 0 ? null : newPool(threads), perImage.toNanos());
    }

    /** Whether batches run off the submitting thread. */
    public boolean pooled() {
        return pool != null;
    }

    /**
     * Runs {@code count} images of {@code pixels} (row-major bytes, as {@link Predictor#predict}) through
     * {@code model}. A failure of the network is thrown on the calling thread, and completes the future
     * exceptionally on a pool.
     *
     * @throws java.util.concurrent.RejectedExecutionException after {@link #close()}
     */
    public Future<Result> submit(ServingModel model, byte[] pixels, int count) {
        if (pool == null) {
            return CompletableFuture.completedFuture(batch(model, pixels, count));
        }
        return pool.submit(() -> batch(model, pixels, count));
    }

    /** One batch through the network, or through the stand-in. */
    private Result batch(ServingModel model, byte[] pixels, int count) {
        return standInNanosPerImage >= 0 ? standIn(count) : run(model, pixels, count);
    }

    private Result standIn(int count) {
        long start = System.nanoTime();
        long end = start + standInNanosPerImage * count;
        for (long wait; (wait = end - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
        float[] probabilities = new float[count * Predictor.CLASSES];
        for (int i = 0; i < count; i++) {
            probabilities[i * Predictor.CLASSES] = 1;
        }
        return new Result(probabilities, System.nanoTime() - start);
    }

    private static Result run(ServingModel model, byte[] pixels, int count) {
        Predictor predictor = model.predictor();
        long start = System.nanoTime();
        float[] probabilities = predictor.predict(pixels, 0, count);
        return new Result(probabilities, System.nanoTime() - start);
    }

    /** Refuses new batches; running and queued ones finish on the (daemon) pool threads. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
