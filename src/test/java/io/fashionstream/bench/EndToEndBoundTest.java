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
        // 20,000 images/s with 0.6 + 0.4 cores busy: 50 µs of CPU per image; inference at 16,000 images/s on 2 cores:
        // 125 µs. 2 cores / 175 µs = 11,429 images/s, 0.714 of the ceiling.
        double bound = Benchmark.e2eBound(kafkaAlone(20_000, 0.6, 0.4), 16_000, 2);

        assertThat(bound).isCloseTo(0.714, within(0.001));
    }

    @Test
    void shouldLeaveTheWholeCeilingWhenKafkaCostsNothingAndLessTheDearerItIs() {
        assertThat(Benchmark.e2eBound(kafkaAlone(20_000, 0, 0), 16_000, 2)).isEqualTo(1.0);
        assertThat(Benchmark.e2eBound(kafkaAlone(10_000, 0.6, 0.4), 16_000, 2))
                .isLessThan(Benchmark.e2eBound(kafkaAlone(20_000, 0.6, 0.4), 16_000, 2));
    }

    @Test
    void shouldLeaveJitCompilingOutOfKafkasCost() {
        BenchReport.E2eRun compiling = kafkaAlone(20_000, 0.8, 0.6, 0.4);

        assertThat(Benchmark.kafkaCpuPerImage(compiling)).isCloseTo(50e-6, within(1e-9));
        assertThat(Benchmark.e2eBound(compiling, 16_000, 2)).isCloseTo(0.714, within(0.001));
    }

    private static BenchReport.E2eRun kafkaAlone(double imagesPerSecond, double classifierCores, double brokerCores) {
        return kafkaAlone(imagesPerSecond, classifierCores, brokerCores, 0);
    }

    private static BenchReport.E2eRun kafkaAlone(double imagesPerSecond, double classifierCores, double brokerCores,
                                                 double jitCores) {
        return new BenchReport.E2eRun("Kafka path alone", "-", "nhwc", 64, 20, 2, 0, "1", "{}", 30_000,
                30_000 / imagesPerSecond, imagesPerSecond, List.of(imagesPerSecond), null, 0, 0, classifierCores,
                brokerCores, jitCores, Map.of());
    }
}
