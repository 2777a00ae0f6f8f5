package io.fashionstream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a command that owns running services: the shutdown hook only asks the command's thread to
 * stop, then waits (up to {@link #CLOSE_TIMEOUT}) while that thread prints what it has and closes everything
 * in order, so the JVM does not exit under a half-closed broker or classifier. {@link #close()} marks the
 * command finished and removes the hook (commands also run in-process, in tests). Thread-safe.
 */
final class StopSignal implements AutoCloseable {
    /** Closing the classifier (up to 30 s for Kafka Streams) and then the broker. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(45);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "stop-signal");

    private StopSignal() {
    }

    /** A signal whose shutdown hook is installed. */
    static StopSignal install() {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Whether a stop was asked for (Ctrl-C, SIGTERM). */
    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code timeout} for a stop request; true if there is one. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onShutdown() {
        requested.countDown();
        try {
            finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command is done: lets a running hook return, and removes the hook if the JVM is not shutting down. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook sees the latch released
        }
    }
}
