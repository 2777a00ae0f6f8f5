package io.fashionstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The end-to-end bound the report derives from the classifier with a stand-in for the network: its own rate, and its
 * CPU per image added to inference's.
 */
class EndToEndBoundTest {

    @Test
    void shouldAddTheCpuPerImageBesidesTheNetworkToInferencesOnTheSameCores() {
        // 15,000 images/s with 0.45 + 0.3 cores busy: 50 µs of CPU per image; inference at 16,000 images/s on 2 cores:
        // 125 µs. 2 cores / 175 µs = 11,429 images/s, 0.714 of the ceiling (the stand-in itself reached 0.94).
        double bound = Benchmark.e2eBound(standIn(15_000, 0.45, 0.3, 0), 16_000, 2);

        assertThat(bound).isCloseTo(0.714, within(0.001));
    }

    @Test
    void shouldBeNoHigherThanTheStandInsOwnRate() {
        // 8,000 images/s at 0.2 cores in all: 25 µs per image would leave 0.833, but the stream threads managed only 0.5.
        assertThat(Benchmark.e2eBound(standIn(8_000, 0.1, 0.1, 0), 16_000, 2)).isEqualTo(0.5);
    }

    @Test
    void shouldFallBelowTheTargetWhenTheRestNeedsMoreThanTheNetworkLeaves() {
        // At 0.80 of a 16,000 images/s ceiling the network needs 1.6 of 2 cores: the rest may have 0.4, 31.25 µs an
        // image; the stand-in ran at 14,000 images/s, so 0.4375 cores.
        assertThat(Benchmark.e2eBound(standIn(14_000, 0.25, 0.1875, 0), 16_000, 2)).isCloseTo(0.80, within(1e-9));
        assertThat(Benchmark.e2eBound(standIn(14_000, 0.25, 0.19, 0), 16_000, 2)).isLessThan(0.80);
        assertThat(Benchmark.e2eBound(standIn(14_000, 0.25, 0.185, 0), 16_000, 2)).isGreaterThan(0.80);
    }

    @Test
    void shouldLeaveJitCompilingOutOfTheCpuPerImage() {
        BenchReport.E2eRun compiling = standIn(15_000, 0.7, 0.45, 0.4);

        assertThat(Benchmark.cpuPerImageBesidesNetwork(compiling)).isCloseTo(50e-6, within(1e-9));
        assertThat(Benchmark.e2eBound(compiling, 16_000, 2)).isCloseTo(0.714, within(0.001));
    }

    private static BenchReport.E2eRun standIn(double imagesPerSecond, double classifierCores, double brokerCores,
                                              double jitCores) {
        return new BenchReport.E2eRun("network stand-in", "-", "stand-in", 64, 20, 2, 0, "1", "{}", 30_000,
                30_000 / imagesPerSecond, imagesPerSecond, List.of(imagesPerSecond), null, 63.5, 1.7, classifierCores,
                brokerCores, jitCores, Map.of(), brokerCores / 5);
    }
}
