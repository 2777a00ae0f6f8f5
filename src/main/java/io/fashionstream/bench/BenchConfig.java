package io.fashionstream.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of one benchmark run. {@code defaultModel} and {@code seedModel} are {@link BenchModel} specs
 * (an artifact file or {@code fresh:<arch>}); {@code dataDir} may be null (the standard dataset search).
 * The {@code tuned*} fields are the classifier settings measured as "the tuned default" ({@code tunedInferenceThreads}
 * 0: the network on the stream threads; {@code tunedKafkaProperties}
 * are Kafka Streams / client properties, e.g. {@code commit.interval.ms}); {@code loadProducerProperties} configure
 * the load generator's producer over the project's producer defaults; {@code brokerProperties} the embedded broker.
 * Before each end-to-end step's measurement, warm-up rounds of {@code warmupImages} images are sent until
 * {@code e2eWarmupSeconds} have passed: the embedded broker and each fresh classifier JVM keep compiling hot code
 * (C2, one compiler thread on 2 cores) for about a minute, and rounds measured before that rise round over round.
 * Each end-to-end step runs up to {@code maxRounds} measured rounds (stopping early once two agree within 10%)
 * and reports the best, since JIT warm-up of broker and Streams code and other load on the machine move single runs.
 * {@code tunedOnly} runs only the ladder's last step (its latency, and Kafka's path alone): a quick check of one
 * setting, without the per-record baseline and so without the batched / per-record ratio. {@code latencyRate} is the
 * load offered in the latency runs, images/s; 0 (the default) is half the tuned default's measured maximum, the load
 * of the p99 target, while a fixed rate lets runs of different settings be compared at the same load.
 */
public record BenchConfig(Path output, String defaultModel, String seedModel, Path dataDir, List<Integer> batches,
                          double warmupSeconds, double rawSeconds, boolean endToEnd, int images, int baselineImages,
                          int warmupImages, double e2eWarmupSeconds, double latencySeconds, double latencyWarmupSeconds,
                          double latencyRate,
                          int tunedBatchSize, int tunedBatchDelayMs, int tunedStreamThreads, int tunedInferenceThreads,
                          Map<String, String> tunedKafkaProperties,
                          Map<String, String> loadProducerProperties, Map<String, String> brokerProperties,
                          int maxRounds, boolean tunedOnly) {
    public BenchConfig {
        if (output == null) {
            throw new IllegalArgumentException("Output directory must be given");
        }
        batches = List.copyOf(batches);
        if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1 || b > 1024)) {
            throw new IllegalArgumentException("Batch sizes must be 1..1024. Got: " + batches);
        }
        if (!(warmupSeconds >= 0) || !(e2eWarmupSeconds >= 0) || !(rawSeconds > 0) || !(latencySeconds > 0)
                || !(latencyWarmupSeconds >= 0)) {
            throw new IllegalArgumentException("Durations must be positive. Got: warm-up " + warmupSeconds
                    + " s, end-to-end warm-up " + e2eWarmupSeconds + " s, raw " + rawSeconds + " s, latency "
                    + latencySeconds + " s, latency warm-up " + latencyWarmupSeconds + " s");
        }
        if (!(latencyRate >= 0) || Double.isInfinite(latencyRate)) {
            throw new IllegalArgumentException("Latency rate must be 0 (half the measured maximum) or a positive rate in "
                    + "images/s. Got: " + latencyRate);
        }
        if (images < 1 || baselineImages < 1 || warmupImages < 0) {
            throw new IllegalArgumentException("Image counts must be positive. Got: " + images + ", baseline "
                    + baselineImages + ", warm-up " + warmupImages);
        }
        if (tunedBatchSize < 1 || tunedBatchDelayMs < 1 || tunedStreamThreads < 1 || tunedInferenceThreads < 0) {
            throw new IllegalArgumentException("Classifier settings out of range: batch " + tunedBatchSize + ", delay "
                    + tunedBatchDelayMs + " ms, stream threads " + tunedStreamThreads + ", inference threads "
                    + tunedInferenceThreads);
        }
        tunedKafkaProperties = Map.copyOf(new TreeMap<>(tunedKafkaProperties));
        loadProducerProperties = Map.copyOf(loadProducerProperties);
        brokerProperties = Map.copyOf(new TreeMap<>(brokerProperties));
        if (maxRounds < 1 || maxRounds > 20) {
            throw new IllegalArgumentException("Rounds must be 1..20. Got: " + maxRounds);
        }
    }

    /** The batch sizes the issue asks for. */
    public static final List<Integer> STANDARD_BATCHES = List.of(1, 8, 32, 64, 128, 256);
}
