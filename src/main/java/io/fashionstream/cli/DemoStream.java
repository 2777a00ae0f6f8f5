package io.fashionstream.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fashionstream.kafka.ImageSource;
import io.fashionstream.stream.ClassifierConfig;
import io.fashionstream.stream.ClassifierService;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The demo's main act, against a running classifier: sends the images ({@link DemoSender}), reads the answers
 * back as a downstream application would ({@link DemoReader}) while one progress line shows images/s, accuracy,
 * p99 latency and model version, then prints the summary ({@link DemoTally}) and says what went wrong, if
 * anything. Used once, from one thread.
 */
final class DemoStream {
    /** Give up waiting for answers after this long without one, once every image is sent. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Output older than the run by more than this is an existing cluster's earlier traffic (timestamps are ours). */
    private static final long CLOCK_SLACK_MS = 1_000;
    /** A median latency above this, with images sent as fast as possible, is mostly queueing: say so. */
    private static final long BACKLOG_NOTE_MS = 1_000;

    private final PrintWriter out;
    private final PrintWriter err;
    private final StopSignal stop;
    private final double rate;
    private final boolean progress;

    /**
     * @param rate images per second, 0 for as fast as possible
     * @param progress whether to draw the progress line (it is drawn only on a terminal anyway)
     */
    DemoStream(PrintWriter out, PrintWriter err, StopSignal stop, double rate, boolean progress) {
        this.out = out;
        this.err = err;
        this.stop = stop;
        this.rate = rate;
        this.progress = progress;
    }

    /**
     * Streams {@code images} through the classifier of {@code config} and prints the summary.
     *
     * @param model one line naming the model for the summary
     * @param recordedAccuracy the model's test accuracy from its metadata, NaN if unknown
     * @return 0 if every image got a prediction or a dead letter, else 1
     */
    int run(Properties props, ClassifierConfig config, ClassifierService service, ImageSource images, String model,
            double recordedAccuracy) throws InterruptedException {
        try (DemoReader reader = new DemoReader(props, config.predictionsTopic(), config.deadLetterTopic())) {
            DemoTally tally = new DemoTally(keys(images), System.currentTimeMillis() - CLOCK_SLACK_MS);
            out.printf("Streaming %,d test images to %s%s; answers read from %s and %s (read_committed)%n",
                    images.size(), config.inputTopic(), rate > 0 ? String.format(Locale.ROOT, " at %.0f/s", rate) : "",
                    config.predictionsTopic(), config.deadLetterTopic());
            out.flush();
            long start = System.nanoTime();
            long lastAnswer;
            DemoSender sender = DemoSender.start(props, config.inputTopic(), images, rate);
            try (ProgressBar bar = progressBar(images.size())) {
                lastAnswer = follow(reader, tally, sender, service, bar);
            } finally {
                sender.stop();
            }
            out.printf("%n%s%n", tally.complete() ? "Every image was answered."
                    : stop.requested() ? "Stopped before the end (Ctrl-C)." : "Not every image was answered.");
            out.print(tally.summary(sender.acked(), Duration.ofNanos(lastAnswer - start), model, recordedAccuracy));
            if (rate == 0 && tally.latencyPercentileMs(0.5) > BACKLOG_NOTE_MS) {
                out.printf("  (the images were sent as fast as possible, so latency includes waiting behind earlier "
                        + "ones; --rate N shows it at a steady load)%n");
            }
            out.flush();
            return verdict(tally, sender, service);
        }
    }

    /** Reads answers until every image has one (or the run stalls or is stopped); returns when the last arrived. */
    private long follow(DemoReader reader, DemoTally tally, DemoSender sender, ClassifierService service, ProgressBar bar) {
        long lastAnswer = System.nanoTime();
        while (!stop.requested() && service.failure().isEmpty()) {
            if (reader.poll(POLL, tally) > 0) {
                lastAnswer = System.nanoTime();
            }
            bar.stepTo(tally.accounted());
            bar.setExtraMessage(" " + tally.status());
            if (tally.complete() || sender.finished() && (sender.error() != null // nothing more is coming
                    || tally.accounted() + sender.failed() >= tally.expected() // refused images get no answer
                    || System.nanoTime() - lastAnswer > STALL_TIMEOUT.toNanos())) {
                break;
            }
        }
        bar.stepTo(tally.accounted());
        bar.setExtraMessage(" " + tally.status());
        return lastAnswer;
    }

    private int verdict(DemoTally tally, DemoSender sender, ClassifierService service) {
        if (sender.error() != null) {
            err.println("error: sending images failed: " + sender.error().getMessage());
        }
        if (sender.failed() > 0) {
            err.printf("error: %d images were not sent:%n", sender.failed());
            sender.errors().forEach(e -> err.println("  " + e));
        }
        service.failure().ifPresent(f -> err.println("error: the classifier stopped: " + f.getMessage()));
        if (!tally.complete() && !stop.requested() && sender.error() == null && sender.failed() == 0
                && service.failure().isEmpty()) {
            err.printf("error: %,d of %,d images got neither a prediction nor a dead letter within %d s%n",
                    tally.expected() - tally.accounted(), tally.expected(), STALL_TIMEOUT.toSeconds());
        }
        err.flush();
        return tally.complete() && sender.failed() == 0 && sender.error() == null ? 0 : 1;
    }

    private ProgressBar progressBar(int total) {
        // Short, so that the bar keeps some width on an 80-column terminal: no ETA, a compact status.
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("demo").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" img", 1).showSpeed().hideEta().setUpdateIntervalMillis(250)
                .continuousUpdate();
        if (!progress || System.console() == null) {
            // Without a terminal (pipes, logs, tests) redraws would pile up on one endless line: the summary says it all.
            b.setConsumer(new DelegatingProgressBarConsumer(line -> { }));
        }
        return b.build();
    }

    private static Set<String> keys(ImageSource images) {
        return IntStream.range(0, images.size()).mapToObj(i -> images.get(i).key()).collect(Collectors.toSet());
    }
}
