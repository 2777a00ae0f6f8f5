package io.fashionstream.kafka;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends images to a topic at a chosen rate with an idempotent producer ({@link KafkaSettings#producer}):
 * key = image id, value = the image bytes, header {@link Topics#LABEL_HEADER} = ASCII digit when labelled.
 * A record the broker refuses (e.g. a file over {@code max.request.size}) is counted and reported, and
 * the others are still sent. Not thread-safe.
 */
public final class ImageProducer implements AutoCloseable {
    private static final int MAX_ERRORS_KEPT = 10;

    private final KafkaProducer<String, byte[]> producer;

    /** A producer from {@code clientProperties} plus the project's producer defaults (user values win). */
    public ImageProducer(Properties clientProperties) {
        this.producer = new KafkaProducer<>(KafkaSettings.producer(clientProperties), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** What a {@link #send} did. {@code errors} holds the first few failure messages. */
    public record Result(long sent, long failed, Duration elapsed, List<String> errors) {
        /** Acknowledged images per second. */
        public double rate() {
            return sent / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }
    }

    /**
     * Sends every image of {@code source} and waits until each is acknowledged or failed.
     *
     * @param ratePerSecond images per second, {@code 0} for as fast as possible
     * @param onAcked called with 1 per acknowledged image, from the producer's I/O thread
     */
    public Result send(String topic, ImageSource source, double ratePerSecond, LongConsumer onAcked)
            throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        producer.partitionsFor(topic); // metadata first, so that the rate measures sending, not connecting
        long start = System.nanoTime();
        for (int i = 0; i < source.size(); i++) {
            pace(start, i, ratePerSecond);
            ImageRecord image;
            try {
                image = source.get(i);
            } catch (UncheckedIOException e) {
                fail(failed, errors, e.getMessage());
                continue;
            }
            producer.send(toRecord(topic, image), (metadata, e) -> {
                if (e == null) {
                    sent.incrementAndGet();
                    onAcked.accept(1);
                } else {
                    fail(failed, errors, image.key() + ": " + e.getMessage());
                }
            });
        }
        producer.flush();
        return new Result(sent.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start), List.copyOf(errors));
    }

    private static ProducerRecord<String, byte[]> toRecord(String topic, ImageRecord image) {
        var record = new ProducerRecord<String, byte[]>(topic, image.key(), image.value());
        if (image.labelled()) {
            record.headers().add(Topics.LABEL_HEADER, String.valueOf(image.label()).getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }

    /** Sleeps until image {@code i} is due; a schedule from the start, so short delays do not accumulate. */
    private static void pace(long start, int i, double ratePerSecond) throws InterruptedException {
        if (ratePerSecond <= 0) {
            return;
        }
        long wait = start + (long) (i * 1e9 / ratePerSecond) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void fail(AtomicLong failed, ConcurrentLinkedQueue<String> errors, String message) {
        failed.incrementAndGet();
        if (errors.size() < MAX_ERRORS_KEPT) {
            errors.add(message);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
