package io.fashionstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The end-to-end bound the report derives from Kafka's path alone: CPU per image added to inference's. */
class EndToEndBoundTest {

    @Test
    void shouldAddKafkasCpuPerImageToInferencesOnTheSameCores() {
        // 12,800 images/s with 0.4 + 0.24 cores busy: 50 µs of CPU per image; inference at 16,000 images/s on 2 cores:
        // 125 µs. 2 cores / 175 µs = 11,429 images/s, 0.714 of the ceiling.
        double bound = Benchmark.e2eBound(kafkaAlone(12_800, 0.4, 0.24, 0), 16_000, 2);

        assertThat(bound).isCloseTo(0.714, within(0.001));
    }

    @Test
    void shouldFallBelowTheTargetExactlyWhenKafkaAndTheNetworkNeedMoreThanTheCores() {
        // At 0.80 of a 16,000 images/s ceiling the network needs 1.6 of 2 cores: Kafka may have 0.4.
        double rate = Benchmark.E2E_TARGET * 16_000;
        assertThat(Benchmark.e2eBound(kafkaAlone(rate, 0.25, 0.15, 0), 16_000, 2)).isCloseTo(0.80, within(1e-9));
        assertThat(Benchmark.e2eBound(kafkaAlone(rate, 0.25, 0.16, 0), 16_000, 2)).isLessThan(0.80);
        assertThat(Benchmark.e2eBound(kafkaAlone(rate, 0.25, 0.14, 0), 16_000, 2)).isGreaterThan(0.80);
    }

    @Test
    void shouldLeaveTheWholeCeilingWhenKafkaCostsNothing() {
        assertThat(Benchmark.e2eBound(kafkaAlone(12_800, 0, 0, 0), 16_000, 2)).isEqualTo(1.0);
    }

    @Test
    void shouldLeaveJitCompilingOutOfKafkasCost() {
        EndToEnd.Latency compiling = kafkaAlone(12_800, 0.6, 0.44, 0.4);

        assertThat(Benchmark.kafkaCpuPerImage(compiling)).isCloseTo(50e-6, within(1e-9));
        assertThat(Benchmark.e2eBound(compiling, 16_000, 2)).isCloseTo(0.714, within(0.001));
    }

    @Test
    void shouldCountAFullSpeedRunsCpuPerImageTheSameWay() {
        var run = new BenchReport.E2eRun("Kafka path alone", "-", "nhwc", 64, 20, 2, 0, "1", "{}", 30_000,
                30_000 / 20_000.0, 20_000, List.of(20_000.0), null, 0, 0, 0.8, 0.6, 0.4, Map.of());

        assertThat(Benchmark.kafkaCpuPerImage(run)).isCloseTo(50e-6, within(1e-9));
    }

    /** Kafka's path alone paced at {@code rate}, with the two JVMs' CPU (JIT compiling included). */
    private static EndToEnd.Latency kafkaAlone(double rate, double classifierCores, double brokerCores, double jitCores) {
        return new EndToEnd.Latency(rate, rate, (int) rate * 3, 20, 40, 60, 15, 35, 0, 0, 4, 10, jitCores, 0.1, 0.2, 35,
                2, 1.3, 0.7, classifierCores, brokerCores, brokerCores / 4);
    }
}
