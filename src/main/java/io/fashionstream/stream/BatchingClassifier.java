package io.fashionstream.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.BatchRunner;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.metrics.ClassifierMetrics;

/**
 * The classifier's one processor. Each input record is validated and decoded at once: a bad one goes to the
 * dead-letter sink, a good one into the task's {@link ImageBuffer}. The buffer is run through the network as
 * one batch when it holds the max batch size, or, checked by a wall-clock punctuator, when its oldest image
 * has waited the max delay.
 *
 * <p>Why a state store and not a list: Kafka Streams commits the input offsets of everything processed so
 * far, including records that are only waiting in a batch. The buffer therefore lives in a changelogged
 * store; under exactly-once its changelog writes, the offset commit and the batch's output are one Kafka
 * transaction, so after a crash the restored buffer holds exactly the records whose offsets were committed
 * but whose predictions were not (under at-least-once the changelog is flushed before offsets are
 * committed, so nothing is lost and output may repeat). The store keeps Kafka Streams' record cache, which is
 * flushed to the changelog at each commit: an image that arrives and is classified between two commits reaches
 * the changelog as one small tombstone, only images that wait across a commit are written in full.
 *
 * <p>Where the network runs is the {@link BatchRunner}'s choice. On the stream thread, a batch's predictions are
 * forwarded as soon as it is done. On a pool of inference threads (pipelined), the stream thread hands the batch
 * over and goes on polling, processing and committing; it forwards the predictions at its first {@code process()}
 * call or punctuation after the batch is done. A task keeps at most one batch in flight: when its next batch is due
 * (full, or its oldest image has waited the max delay) while the last one still runs, the stream thread waits for
 * the last one, so reading the next batch's records overlaps with the network but never runs ahead of it. (Not
 * waiting, and letting up to four full batches queue instead, was slower and answered later in the benchmark:
 * README, "Throughput".) Images in flight stay in the store until their predictions are forwarded, so a commit
 * during the batch commits them as still buffered, and a crash or a task moving to another instance classifies
 * them again there ({@link #close()} drops the batch's result).
 *
 * <p>Why a slow batch cannot get the instance fenced: between two polls a stream thread runs (or waits for) at
 * most one batch per {@code process()} call (at most {@link ClassifierConfig#MAX_BATCH_SIZE} images, about 2 s for the
 * CNN on one core) and Kafka Streams itself goes back to {@code poll()} once half of
 * {@code max.poll.interval.ms} (5 min) has passed in its processing loop; a punctuation that finds several
 * expired batches (after a restart, or after waiting for a model) stops after {@link #PUNCTUATION_BUDGET} and
 * continues at the next one. Both stay far inside the poll interval and the 10 s exactly-once transaction
 * timeout.
 *
 * <p>Per batch the processor asks the {@link ModelSource} once and uses that version's per-thread predictor
 * for the whole batch, so a batch never mixes versions. Without a model, images stay buffered and the
 * flush is retried at the next punctuation; nothing is dropped or dead-lettered for that reason.
 */
final class BatchingClassifier implements Processor<byte[], byte[], Object, Object> {
    private static final Logger log = LoggerFactory.getLogger(BatchingClassifier.class);
    /** Longest a punctuation keeps flushing expired batches before it returns to the poll loop. */
    static final Duration PUNCTUATION_BUDGET = Duration.ofSeconds(2);

    /** A batch handed to the {@link BatchRunner}: its images (still in the store), its model version and result. */
    private record InFlight(List<KeyValue<Long, PendingImage>> images, ServingModel serving,
                            Future<BatchRunner.Result> result) {
    }

    private final ImageRecordParser parser;
    private final ModelSource models;
    private final BatchRunner runner;
    private final ClassifierMetrics metrics;
    private final int maxSize;
    private final long maxDelayMs;
    private final Duration punctuateEvery;
    private final LogLimiter deadLetterLog = new LogLimiter(Duration.ofSeconds(1));
    private final LogLimiter noModelLog = new LogLimiter(Duration.ofSeconds(10));
    private ProcessorContext<Object, Object> context;
    private ImageBuffer buffer;
    /** The batch of this task handed to the runner and not yet forwarded, or null (at most one per task). */
    private InFlight inFlight;
    /** Kafka Streams' cached wall-clock time that {@link #nanosSinceClockRead} counts from. */
    private long clockRead = Long.MIN_VALUE;
    /** Time spent in batches on the stream thread since Kafka Streams last refreshed its cached wall-clock time. */
    private long nanosSinceClockRead;
    /** {@link System#nanoTime()} up to which batch time has been added to {@link #nanosSinceClockRead}. */
    private long countedUntil;

    BatchingClassifier(ImageRecordParser parser, ModelSource models, BatchRunner runner, ClassifierMetrics metrics,
                       int maxSize, Duration maxDelay) {
        this.parser = parser;
        this.models = models;
        this.runner = runner;
        this.metrics = metrics;
        this.maxSize = maxSize;
        this.maxDelayMs = maxDelay.toMillis();
        this.punctuateEvery = runner.pooled() ? Duration.ofMillis(1) : punctuationInterval(maxDelay);
    }

    /**
     * A quarter of the max delay (at least 1 ms): a batch leaves at most that late. Pipelined, the punctuator also
     * forwards batches that finished while no record came, so it runs every 1 ms (as often as the stream thread
     * comes back from {@code poll()}, which {@link ClassifierConfig#streamsProperties()} bounds at 5 ms then).
     */
    static Duration punctuationInterval(Duration maxDelay) {
        return Duration.ofMillis(Math.max(1, maxDelay.toMillis() / 4));
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = new ImageBuffer(context.getStateStore(ClassificationTopology.BUFFER_STORE));
        if (buffer.size() > 0) {
            log.info("Task {}: {} images restored into the batch buffer", context.taskId(), buffer.size());
        }
        context.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, this::flushExpired);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        forwardFinished();
        RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            buffer.add(source.offset(), parser.parse(record, source, nowMs()));
        } catch (RejectedInputException e) {
            deadLetter(record, source, e);
            return;
        }
        if (buffer.size() >= maxSize) {
            flush();
        }
    }

    private void flushExpired(long now) {
        forwardFinished();
        long stopAt = System.nanoTime() + PUNCTUATION_BUDGET.toNanos();
        while (buffer.size() > 0 && now - buffer.oldestEnqueuedMs() >= maxDelayMs && System.nanoTime() < stopAt) {
            if (!flush()) {
                return;
            }
        }
    }

    /**
     * Wall-clock ms now. Kafka Streams reads the clock once per task for a run of several {@code process()} calls,
     * so after a batch inside {@code process()} the records that follow would carry the time from before it: they
     * looked a batch older than they were, and the punctuator sent them early in small batches (under full load
     * about one batch of ~6 images after each full one), and the latency metric left out the batch's time. Its
     * cached time plus the time the stream thread spent in batches since it was read (running them, or pipelined,
     * waiting for them and forwarding their predictions) is the time now, without a clock call per record.
     */
    private long nowMs() {
        syncClock();
        return clockRead + nanosSinceClockRead / 1_000_000;
    }

    /** Starts the count of batch time afresh when Kafka Streams has read the clock again since the last call. */
    private void syncClock() {
        long cached = context.currentSystemTimeMs();
        if (cached != clockRead) {
            clockRead = cached;
            nanosSinceClockRead = 0;
        }
    }

    /** Adds the time since {@link #countedUntil} to the batch time of this clock reading. */
    private void countBatchTime() {
        long t = System.nanoTime();
        nanosSinceClockRead += t - countedUntil;
        countedUntil = t;
    }

    /**
     * Hands the oldest images (up to the max batch size) to the runner, first waiting for this task's batch in
     * flight if there is one, and forwards whatever is done; false if no model is loaded yet.
     */
    private boolean flush() {
        countedUntil = System.nanoTime();
        syncClock(); // this batch's time counts from Kafka Streams' current cached time
        ServingModel serving = models.current();
        if (serving == null) {
            noModelLog.run(() -> log.warn("Task {}: {} images waiting, no model loaded yet", context.taskId(), buffer.size()));
            return false;
        }
        if (inFlight != null) {
            forward(takeInFlight()); // pipelined: waits for it
        }
        List<KeyValue<Long, PendingImage>> batch = buffer.takeOldest(maxSize);
        byte[] pixels = new byte[batch.size() * LabelledImages.PIXELS];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i).value.pixels(), 0, pixels, i * LabelledImages.PIXELS, LabelledImages.PIXELS);
        }
        inFlight = new InFlight(batch, serving, runner.submit(serving, pixels, batch.size()));
        countBatchTime(); // with the calling-thread runner, the whole batch ran in submit()
        forwardFinished();
        return true;
    }

    /** Forwards the predictions of the batch in flight if it is done. */
    private void forwardFinished() {
        if (inFlight != null && inFlight.result().isDone()) {
            syncClock();
            countedUntil = System.nanoTime();
            forward(takeInFlight());
            countBatchTime();
        }
    }

    private InFlight takeInFlight() {
        InFlight taken = inFlight;
        inFlight = null;
        return taken;
    }

    /**
     * Waits for a batch's result if need be, forwards its predictions and deletes its images from the buffer. The
     * caller has started counting batch time ({@link #countedUntil}).
     */
    private void forward(InFlight done) {
        BatchRunner.Result result = await(done.result());
        countBatchTime(); // before its images' latency: a wait for the batch counts
        metrics.batch(done.images().size(), Duration.ofNanos(result.inferenceNanos()));
        long now = nowMs();
        for (int i = 0; i < done.images().size(); i++) {
            PendingImage image = done.images().get(i).value;
            Prediction p = Prediction.of(image.id(), result.probabilities(), i, done.serving().version(),
                    image.trueLabel());
            context.forward(new Record<>(p.id(), p, image.timestamp(), new RecordHeaders()),
                    ClassificationTopology.PREDICTIONS_SINK);
            metrics.classified(p.modelVersion(), p.label(), p.probability(), image.trueLabel(),
                    Duration.ofMillis(Math.max(0, now - image.timestamp())));
        }
        buffer.remove(done.images());
    }

    /** The batch's result; a failure of the network is rethrown as it was, and fails the stream thread. */
    private BatchRunner.Result await(Future<BatchRunner.Result> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Task " + context.taskId() + ": interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("Task " + context.taskId() + ": inference failed", e.getCause());
        }
    }

    /**
     * Drops the result of a batch in flight: the task is closing (shutdown, rebalance or failure) and its images,
     * still in the store, are classified by whoever restores the task.
     */
    @Override
    public void close() {
        if (inFlight != null) {
            takeInFlight().result().cancel(false);
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, RejectedInputException e) {
        context.forward(DeadLetters.of(record, source, e.reason(), e.getMessage()), ClassificationTopology.DEAD_LETTERS_SINK);
        metrics.deadLettered(e.reason().code());
        deadLetterLog.run(() -> log.info("Dead-lettered {}-{}@{}: {} ({})", source.topic(), source.partition(),
                source.offset(), e.reason().code(), e.getMessage()));
    }

    /** Runs a log statement at most once per interval, so a flood of bad input does not flood the log. */
    private static final class LogLimiter {
        private final long intervalNanos;
        private long last = System.nanoTime() - Long.MAX_VALUE / 2;

        LogLimiter(Duration interval) {
            this.intervalNanos = interval.toNanos();
        }

        void run(Runnable logStatement) {
            long now = System.nanoTime();
            if (now - last >= intervalNanos) {
                last = now;
                logStatement.run();
            }
        }
    }
}
