package io.fashionstream.cli;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.fashionstream.kafka.ImageProducer;
import io.fashionstream.kafka.ImageSource;

/**
 * Sends the demo's images on a thread of its own, so that the main thread can read the answers and draw
 * progress meanwhile; {@link #stop()} interrupts a paced send (Ctrl-C). Used from one thread.
 */
final class DemoSender {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-producer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong acked = new AtomicLong();
    private final Future<?> task;
    private volatile ImageProducer.Result outcome;
    private volatile RuntimeException error;

    private DemoSender(Properties clientProperties, String topic, ImageSource images, double ratePerSecond) {
        task = executor.submit(() -> {
            try (ImageProducer producer = new ImageProducer(clientProperties)) {
                outcome = producer.send(topic, images, ratePerSecond, acked::addAndGet);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped: what was acknowledged so far counts
            } catch (RuntimeException e) {
                error = e;
            }
        });
    }

    /** Starts sending {@code images} to {@code topic} at {@code ratePerSecond} (0 = as fast as possible). */
    static DemoSender start(Properties clientProperties, String topic, ImageSource images, double ratePerSecond) {
        return new DemoSender(clientProperties, topic, images, ratePerSecond);
    }

    /** Images the broker acknowledged so far. */
    long acked() {
        return acked.get();
    }

    /** Whether the send is over: every image acknowledged or refused, the producer failed, or it was stopped. */
    boolean finished() {
        return task.isDone();
    }

    /** Images the broker refused; 0 until the send is over. */
    long failed() {
        ImageProducer.Result o = outcome;
        return o == null ? 0 : o.failed();
    }

    /** The first few messages about refused images. */
    List<String> errors() {
        ImageProducer.Result o = outcome;
        return o == null ? List.of() : o.errors();
    }

    /** Why the producer itself failed (e.g. the broker went away), or null. */
    RuntimeException error() {
        return error;
    }

    /** Interrupts a send still in progress and waits for the producer to close. */
    void stop() throws InterruptedException {
        task.cancel(true);
        executor.shutdown();
        executor.awaitTermination(15, TimeUnit.SECONDS);
    }
}
