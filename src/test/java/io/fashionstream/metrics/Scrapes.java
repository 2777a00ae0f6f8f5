package io.fashionstream.metrics;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fashionstream.model.Architecture;
import io.fashionstream.model.EpochStats;

/** Test helpers: exercise every facade method, and read series out of a Prometheus text scrape. */
final class Scrapes {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private Scrapes() {
    }

    /** Calls every {@link ClassifierMetrics} method so that every meter exists. */
    static void exercise(ClassifierMetrics metrics) {
        metrics.modelServing("v1", 0.9);
        metrics.batch(8, Duration.ofMillis(12));
        metrics.classified("v1", 3, 0.97, 3, Duration.ofMillis(40));
        metrics.classified("v1", 3, 0.6, -1, Duration.ofMillis(40));
        metrics.deadLettered("not_an_image");
        metrics.modelRejected("sha256_mismatch");
        metrics.modelServing("v2", 0.91);
    }

    /** Calls every {@link TrainerMetrics} method so that every meter exists. */
    static void exercise(TrainerMetrics metrics) {
        metrics.onStart(Architecture.MLP.defaults(), 1000, 100);
        metrics.onBatch(1, 100, 2.0);
        metrics.onEpoch(new EpochStats(1, 1.5, 0.8, 2.0, 500, 0.001, null), true);
        metrics.finished("v1", 0.85, Duration.ofSeconds(3));
        metrics.published("v1");
    }

    /** Distinct {@code name{label keys}} of the samples in {@code scrape} whose name starts with {@code prefix}. */
    static Set<String> series(String scrape, String prefix) {
        Set<String> result = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find() || !m.group(1).startsWith(prefix)) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    keys.add(label.group(1));
                }
            }
            result.add(m.group(1) + keys.stream().collect(Collectors.joining(",", "{", "}")));
        }
        return result;
    }

    /** Distinct sample names in {@code scrape}. */
    static Set<String> names(String scrape) {
        return series(scrape, "").stream().map(s -> s.substring(0, s.indexOf('{'))).collect(Collectors.toCollection(TreeSet::new));
    }
}
