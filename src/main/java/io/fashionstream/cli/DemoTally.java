package io.fashionstream.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fashionstream.stream.Prediction;

/**
 * What came back for the images the demo sent: predictions and dead letters (each image counted once, by
 * key), accuracy, end-to-end latency and the model versions that answered; and the demo's status line and
 * summary. Records whose key the demo did not send, or that are older than the run (an existing cluster's
 * earlier traffic), are ignored. Not thread-safe: the demo's main thread feeds and reads it.
 */
final class DemoTally {
    private final Set<String> expected;
    private final long notBeforeMs;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private long predictions;
    private long deadLetters;
    private long labelled;
    private long correct;
    private long[] latenciesMs = new long[1024];
    private int latencyCount;

    /**
     * @param expected the keys of the images sent
     * @param notBeforeMs records with an earlier timestamp (the input's, which outputs keep) are not this run's
     */
    DemoTally(Set<String> expected, long notBeforeMs) {
        this.expected = Set.copyOf(expected);
        this.notBeforeMs = notBeforeMs;
    }

    /** Counts a prediction read at {@code nowMs}; false if it is not for an image of this run, or a repeat. */
    boolean prediction(String key, long timestampMs, Prediction p, long nowMs) {
        if (!firstTime(key, timestampMs)) {
            return false;
        }
        predictions++;
        versions.merge(p.modelVersion(), 1L, Long::sum);
        if (p.trueLabel() != null) {
            labelled++;
            if (p.trueLabel() == p.label()) {
                correct++;
            }
        }
        latency(Math.max(0, nowMs - timestampMs));
        return true;
    }

    /** Counts a dead letter with its reason code; false if it is not for an image of this run, or a repeat. */
    boolean deadLetter(String key, long timestampMs, String reason, long nowMs) {
        if (!firstTime(key, timestampMs)) {
            return false;
        }
        deadLetters++;
        deadLetterReasons.merge(reason, 1L, Long::sum);
        latency(Math.max(0, nowMs - timestampMs));
        return true;
    }

    private boolean firstTime(String key, long timestampMs) {
        return key != null && timestampMs >= notBeforeMs && expected.contains(key) && seen.add(key);
    }

    private void latency(long ms) {
        if (latencyCount == latenciesMs.length) {
            latenciesMs = Arrays.copyOf(latenciesMs, latencyCount * 2);
        }
        latenciesMs[latencyCount++] = ms;
    }

    /** Images answered so far, by a prediction or a dead letter. */
    long accounted() {
        return predictions + deadLetters;
    }

    int expected() {
        return expected.size();
    }

    /** Whether every image sent has a prediction or a dead letter. */
    boolean complete() {
        return accounted() == expected.size();
    }

    long predictions() {
        return predictions;
    }

    long deadLetters() {
        return deadLetters;
    }

    /** Correct / labelled predictions (0..1), NaN while none was labelled. */
    double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }

    /** The {@code q}-quantile (0..1, nearest rank) of end-to-end latency in ms; -1 while nothing arrived. */
    long latencyPercentileMs(double q) {
        if (latencyCount == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(latenciesMs, latencyCount);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * latencyCount);
        return sorted[Math.max(0, Math.min(latencyCount - 1, rank - 1))];
    }

    /** Predictions per model version, in order of first appearance. */
    Map<String, Long> versions() {
        return Map.copyOf(versions);
    }

    /** The live part of the progress line, e.g. {@code acc 91.80%  p99 230 ms  v1}. */
    String status() {
        return String.format(Locale.ROOT, "acc %s  p99 %s%s", percent(accuracy()), millis(latencyPercentileMs(0.99)),
                versions.isEmpty() ? "" : "  " + String.join(",", versions.keySet()));
    }

    /**
     * The summary block.
     *
     * @param sent images the producer got acknowledged
     * @param elapsed from the first image sent to the last answer read
     * @param model how to describe the model published for the demo (one line)
     * @param recordedAccuracy the published model's test accuracy from its metadata, NaN if unknown
     */
    String summary(long sent, Duration elapsed, String model, double recordedAccuracy) {
        StringBuilder s = new StringBuilder();
        line(s, "images in", "%,d", sent);
        line(s, "predictions out", "%,d", predictions);
        line(s, "dead letters", "%,d%s", deadLetters, deadLetterReasons.isEmpty() ? "" : " " + deadLetterReasons);
        if (sent < expected.size()) {
            line(s, "not sent", "%,d", expected.size() - sent);
        }
        if (sent > accounted()) {
            line(s, "unanswered", "%,d (sent, but neither a prediction nor a dead letter came back)", sent - accounted());
        }
        line(s, "accuracy", "%s (%,d of %,d labelled)%s", percent(accuracy()), correct, labelled,
                Double.isNaN(recordedAccuracy) ? "" : "; recorded test accuracy " + percent(recordedAccuracy));
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        line(s, "throughput", "%,.0f images/s (%,d in %.1f s, first image sent to last answer read)",
                accounted() / seconds, accounted(), seconds);
        line(s, "latency", "p50 %s, p99 %s (image sent -> prediction visible to a read_committed consumer)",
                millis(latencyPercentileMs(0.50)), millis(latencyPercentileMs(0.99)));
        line(s, "model", "%s", model);
        if (versions.size() > 1) {
            line(s, "served by", "%s", versions.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String label, String format, Object... args) {
        s.append(String.format(Locale.ROOT, "  %-16s %s%n", label, String.format(Locale.ROOT, format, args)));
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * ratio);
    }

    private static String millis(long ms) {
        return ms < 0 ? "-" : ms + " ms";
    }
}
