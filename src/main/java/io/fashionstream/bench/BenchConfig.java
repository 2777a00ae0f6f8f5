package io.fashionstream.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of one benchmark run. {@code defaultModel} and {@code seedModel} are {@link BenchModel} specs
 * (an artifact file or {@code fresh:<arch>}); {@code dataDir} may be null (the standard dataset search).
 * The {@code tuned*} fields are the classifier settings measured as "the tuned default"; {@code commitIntervalMs}
 * 0 keeps Kafka Streams' default.
 */
public record BenchConfig(Path output, String defaultModel, String seedModel, Path dataDir, List<Integer> batches,
                          double warmupSeconds, double rawSeconds, boolean endToEnd, int images, int baselineImages,
                          int warmupImages, double latencySeconds, int tunedBatchSize, int tunedBatchDelayMs,
                          int tunedStreamThreads, int commitIntervalMs, int producerLingerMs) {
    public BenchConfig {
        if (output == null) {
            throw new IllegalArgumentException("Output directory must be given");
        }
        batches = List.copyOf(batches);
        if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1 || b > 1024)) {
            throw new IllegalArgumentException("Batch sizes must be 1..1024. Got: " + batches);
        }
        if (!(warmupSeconds >= 0) || !(rawSeconds > 0) || !(latencySeconds > 0)) {
            throw new IllegalArgumentException("Durations must be positive. Got: warm-up " + warmupSeconds
                    + " s, raw " + rawSeconds + " s, latency " + latencySeconds + " s");
        }
        if (images < 1 || baselineImages < 1 || warmupImages < 0) {
            throw new IllegalArgumentException("Image counts must be positive. Got: " + images + ", baseline "
                    + baselineImages + ", warm-up " + warmupImages);
        }
        if (tunedBatchSize < 1 || tunedBatchDelayMs < 1 || tunedStreamThreads < 1 || commitIntervalMs < 0
                || producerLingerMs < 0) {
            throw new IllegalArgumentException("Classifier settings out of range: batch " + tunedBatchSize + ", delay "
                    + tunedBatchDelayMs + " ms, threads " + tunedStreamThreads + ", commit interval " + commitIntervalMs
                    + " ms, linger " + producerLingerMs + " ms");
        }
    }

    /** The batch sizes the issue asks for. */
    public static final List<Integer> STANDARD_BATCHES = List.of(1, 8, 32, 64, 128, 256);
}
