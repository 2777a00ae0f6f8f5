package io.fashionstream.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uncaught exception handler: a dead stream thread is replaced (its tasks resume from the last commit,
 * so nothing is lost or duplicated under exactly-once), unless threads keep dying, which means a failure
 * that retrying will not fix (a broken model, a misconfigured topic): then the whole client shuts down and
 * the service reports FAILED instead of looping. Thread-safe.
 */
final class ThreadFailureHandler implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ThreadFailureHandler.class);

    private final int maxReplacements;
    private final long windowNanos;
    private final Deque<Long> replacements = new ArrayDeque<>();

    /** Replaces up to {@code maxReplacements} threads within any {@code window}, then shuts the client down. */
    ThreadFailureHandler(int maxReplacements, Duration window) {
        this.maxReplacements = maxReplacements;
        this.windowNanos = window.toNanos();
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = System.nanoTime();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > windowNanos) {
            replacements.removeFirst();
        }
        if (replacements.size() < maxReplacements) {
            replacements.addLast(now);
            log.error("Stream thread failed; replacing it ({} of {} allowed per {} s)", replacements.size(),
                    maxReplacements, windowNanos / 1_000_000_000L, exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        log.error("Stream thread failed again ({} replacements within {} s); shutting the classifier down",
                maxReplacements, windowNanos / 1_000_000_000L, exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
