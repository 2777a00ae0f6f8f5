package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import io.fashionstream.stream.Prediction;
import org.junit.jupiter.api.Test;

class DemoTallyTest {
    private static final long START = 1_000_000L;

    private static Prediction prediction(String id, int label, Integer trueLabel, String version) {
        double[] p = new double[10];
        p[label] = 1;
        return new Prediction(id, label, "x", 1, p, version, trueLabel);
    }

    @Test
    void shouldCountEachSentImageOnceWhetherPredictedOrDeadLettered() {
        DemoTally tally = new DemoTally(Set.of("a", "b", "c"), START);

        assertThat(tally.prediction("a", START, prediction("a", 1, 1, "v1"), START + 10)).isTrue();
        assertThat(tally.prediction("a", START, prediction("a", 1, 1, "v1"), START + 20)).as("repeat").isFalse();
        assertThat(tally.deadLetter("b", START, "not_an_image", START + 5)).isTrue();
        assertThat(tally.complete()).isFalse();
        assertThat(tally.prediction("c", START, prediction("c", 2, 3, "v1"), START + 30)).isTrue();

        assertThat(tally.complete()).isTrue();
        assertThat(tally.predictions()).isEqualTo(2);
        assertThat(tally.deadLetters()).isEqualTo(1);
        assertThat(tally.accuracy()).isEqualTo(0.5);
    }

    @Test
    void shouldIgnoreOutputForImagesOfOtherRunsOrOtherProducers() {
        DemoTally tally = new DemoTally(Set.of("a"), START);

        assertThat(tally.prediction("zzz", START, prediction("zzz", 1, 1, "v1"), START)).as("not sent by us").isFalse();
        assertThat(tally.prediction("a", START - 1, prediction("a", 1, 1, "v1"), START)).as("older than the run").isFalse();
        assertThat(tally.prediction(null, START, prediction("n", 1, 1, "v1"), START)).isFalse();

        assertThat(tally.accounted()).isZero();
        assertThat(tally.accuracy()).isNaN();
        assertThat(tally.status()).isEqualTo("acc -  p99 -");
    }

    @Test
    void shouldReportNearestRankLatencyPercentiles() {
        Set<String> keys = new java.util.HashSet<>();
        for (int i = 1; i <= 100; i++) {
            keys.add("k" + i);
        }
        DemoTally tally = new DemoTally(keys, START);
        for (int i = 1; i <= 100; i++) {
            tally.prediction("k" + i, START, prediction("k" + i, 0, 0, "v1"), START + i); // latencies 1..100 ms
        }

        assertThat(tally.latencyPercentileMs(0.50)).isEqualTo(50);
        assertThat(tally.latencyPercentileMs(0.99)).isEqualTo(99);
        assertThat(tally.latencyPercentileMs(1.0)).isEqualTo(100);
        assertThat(tally.status()).isEqualTo("acc 100.00%  p99 99 ms  v1");
    }

    @Test
    void shouldSummarizeCountsAccuracyThroughputLatencyAndModel() {
        DemoTally tally = new DemoTally(Set.of("a", "b", "c", "d"), START);
        tally.prediction("a", START, prediction("a", 1, 1, "v1"), START + 40);
        tally.prediction("b", START, prediction("b", 2, 2, "v1"), START + 40);
        tally.prediction("c", START, prediction("c", 3, 4, "v1"), START + 40);
        tally.deadLetter("d", START, "not_an_image", START + 40);

        String summary = tally.summary(4, Duration.ofSeconds(2), "v1 = cnn-bn-x (cnn-bn)", 0.9).replaceAll(" +", " ");

        assertThat(summary).contains("images in 4")
                .contains("predictions out 3")
                .contains("dead letters 1 {not_an_image=1}")
                .contains("accuracy 66.67% (2 of 3 labelled); recorded test accuracy 90.00%")
                .contains("throughput 2 images/s (4 in 2.0 s")
                .contains("latency p50 40 ms, p99 40 ms")
                .contains("model v1 = cnn-bn-x (cnn-bn)")
                .doesNotContain("unanswered");
    }

    @Test
    void shouldSayHowManyImagesWentUnanswered() {
        DemoTally tally = new DemoTally(Set.of("a", "b", "c"), START);
        tally.prediction("a", START, prediction("a", 1, 1, "v1"), START + 1);

        assertThat(tally.summary(3, Duration.ofSeconds(1), "v1", Double.NaN).replaceAll(" +", " "))
                .contains("unanswered 2 (sent, but neither a prediction nor a dead letter came back)")
                .doesNotContain("not sent")
                .doesNotContain("recorded test accuracy");
    }

    @Test
    void shouldTellImagesNeverSentFromImagesNotAnswered() {
        DemoTally tally = new DemoTally(Set.of("a", "b", "c", "d"), START);
        tally.prediction("a", START, prediction("a", 1, 1, "v1"), START + 1);

        assertThat(tally.summary(2, Duration.ofSeconds(1), "v1", Double.NaN).replaceAll(" +", " "))
                .containsPattern("images in 2\\R")
                .contains("not sent 2")
                .contains("unanswered 1 (");
    }
}
