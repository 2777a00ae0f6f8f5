package io.fashionstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fashionstream.stream.ClassifierConfig;

class BenchmarkLadderTest {

    @Test
    void shouldMeasureTheStockSettingsFirstAndTheClassifiersOwnDefaultsLast() throws Exception {
        List<EndToEnd.Variant> steps = ladder(64, 20, 2, Map.of("producer.linger.ms", "5"), false);

        assertThat(steps).extracting(EndToEnd.Variant::name).containsExactly("per-record baseline", "micro-batching",
                "nhwc serving path", "network per core", "tuned default");
        assertThat(steps.get(0).batchSize()).isEqualTo(1);
        assertThat(steps.get(0).servingPath()).isFalse();
        steps.subList(0, 4).forEach(s -> assertThat(s.kafkaProperties()).isEqualTo(ClassifierConfig.STREAMS_STOCK_PROPERTIES));
        EndToEnd.Variant tuned = steps.get(4);
        assertThat(tuned.kafkaProperties()).containsAllEntriesOf(ClassifierConfig.TUNED_KAFKA_DEFAULTS)
                .containsEntry("producer.linger.ms", "5");
        assertThat(tuned.streamThreads()).isEqualTo(2);
        assertThat(tuned.ompThreads()).isEqualTo(1);
        assertThat(tuned.change()).contains("commit.interval.ms=20");
    }

    @Test
    void shouldMoveTheNetworkToInferenceThreadsInItsOwnStepWhenTheTunedDefaultDoes() throws Exception {
        List<EndToEnd.Variant> steps = ladder(64, 2, 2, 2, Map.of(), false);

        assertThat(steps).extracting(EndToEnd.Variant::name).containsExactly("per-record baseline", "micro-batching",
                "nhwc serving path", "network per core", "inference threads", "tuned default");
        assertThat(steps).extracting(EndToEnd.Variant::inferenceThreads).containsExactly(0, 0, 0, 0, 2, 2);
        assertThat(steps.get(4).kafkaProperties()).as("one change: the threads, on the stock Kafka settings")
                .isEqualTo(ClassifierConfig.STREAMS_STOCK_PROPERTIES);
    }

    @Test
    void shouldRunOnlyTheTunedDefaultWhenAskedForTheQuickCheck() throws Exception {
        List<EndToEnd.Variant> steps = ladder(32, 10, 1, Map.of("commit.interval.ms", "50"), true);

        assertThat(steps).extracting(EndToEnd.Variant::name).containsExactly("tuned default");
        assertThat(steps.get(0).kafkaProperties()).containsEntry("commit.interval.ms", "50");
        assertThat(steps.get(0).batchSize()).isEqualTo(32);
        assertThat(steps.get(0).streamThreads()).isEqualTo(1);
    }

    /** The ladder a benchmark with these tuned-classifier settings would run (nothing is measured). */
    private static List<EndToEnd.Variant> ladder(int batch, int delayMs, int streamThreads, Map<String, String> kafka,
                                                 boolean tunedOnly) throws Exception {
        return ladder(batch, delayMs, streamThreads, 0, kafka, tunedOnly);
    }

    private static List<EndToEnd.Variant> ladder(int batch, int delayMs, int streamThreads, int inferenceThreads,
                                                 Map<String, String> kafka, boolean tunedOnly) throws Exception {
        Path out = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "ladder");
        var config = new BenchConfig(out, "fresh:cnn-bn", "fresh:cnn", null, List.of(1), 0, 1, true, 10, 10, 0, 0, 1, 0, 0,
                batch, delayMs, streamThreads, inferenceThreads, kafka, Map.of(), Map.of(), 1, tunedOnly);
        return new Benchmark(config).ladder();
    }
}
