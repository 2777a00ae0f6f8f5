package io.fashionstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The benchmark's stand-in for the network: the network's time on the calling thread, no CPU, fixed answers. */
class BatchRunnerStandInTest {

    @Test
    void shouldTakeItsTimePerImageOnTheCallingThreadWithoutSpinning() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();

        BatchRunner.Result result = BatchRunner.standIn(Duration.ofMillis(5), 0).submit(null, new byte[0], 20).get();

        long wall = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        assertThat(result.inferenceNanos()).as("20 images x 5 ms").isGreaterThanOrEqualTo(100_000_000L);
        assertThat(wall).isGreaterThanOrEqualTo(result.inferenceNanos());
        assertThat(cpu).as("parked, not spinning: CPU of %d ms of wall time", wall / 1_000_000).isLessThan(wall / 2);
    }

    @Test
    void shouldAnswerEveryImageWithTheFirstClassAtProbabilityOne() throws Exception {
        float[] p = BatchRunner.standIn(Duration.ZERO, 0).submit(null, new byte[0], 3).get().probabilities();

        assertThat(p).hasSize(3 * Predictor.CLASSES);
        for (int i = 0; i < 3; i++) {
            assertThat(Predictor.argmax(p, i * Predictor.CLASSES)).isZero();
            assertThat(p[i * Predictor.CLASSES]).isEqualTo(1f);
        }
        assertThat(BatchRunner.standIn(Duration.ZERO, 0).pooled()).isFalse();
    }

    @Test
    void shouldRunOnItsPoolWhenGivenThreads() throws Exception {
        try (BatchRunner runner = BatchRunner.standIn(Duration.ofMillis(1), 2)) {
            assertThat(runner.pooled()).isTrue();
            var result = runner.submit(null, new byte[0], 4);
            assertThat(result.get().inferenceNanos()).isGreaterThanOrEqualTo(4_000_000L);
            assertThat(result.get().probabilities()).hasSize(4 * Predictor.CLASSES);
        }
    }

    @Test
    void shouldRefuseNegativeTime() {
        assertThatThrownBy(() -> BatchRunner.standIn(Duration.ofMillis(-1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
