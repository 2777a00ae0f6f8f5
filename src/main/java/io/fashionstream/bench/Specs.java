package io.fashionstream.bench;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The messages between the benchmark and its child JVMs (JSON files), and the report's JSON mapper. */
final class Specs {
    /** snake_case JSON, as in the report. */
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Serving path names used in the report. */
    static final String AS_TRAINED = "as-trained";
    static final String NHWC = "nhwc";
    /** Not a network path: Kafka's exactly-once path alone, each image answered with a fixed prediction. */
    static final String TRANSPORT = "transport";
    /** Not a network path: the classifier with a stand-in that takes the network's time and no CPU. */
    static final String STAND_IN = "stand-in";

    private Specs() {
    }

    /** A network to measure: its name in the report, its role, and the {@link BenchModel} spec. */
    record Network(String name, String role, String spec) {
    }

    /** One configuration of the raw measurement: serving path and number of network copies (threads). */
    record RawVariant(String path, int copies) {
        RawVariant {
            if (!AS_TRAINED.equals(path) && !NHWC.equals(path)) {
                throw new IllegalArgumentException("Path must be " + AS_TRAINED + " or " + NHWC + ". Got: " + path);
            }
            if (copies < 1) {
                throw new IllegalArgumentException("Copies must be at least 1. Got: " + copies);
            }
        }
    }

    /** What one raw child JVM measures; {@code sgemmThreads} 0 skips the sgemm and clock probes. */
    record RawSpec(List<Network> networks, List<RawVariant> variants, List<Integer> batches, double warmupSeconds,
                   double measureSeconds, int sgemmThreads, String dataDir) {
    }

    record RawPoint(String network, String path, int copies, int ompThreads, int batch, double imagesPerSecond) {
    }

    /** A raw child's answer; {@code sgemmGflops} and {@code clockGhz} are null when not measured. */
    record RawResult(int ompThreads, String runtime, List<RawPoint> points, Map<String, Long> flopsPerImage,
                     Map<String, String> versions, Double sgemmGflops, Double clockGhz) {
    }

    /**
     * What a classifier child JVM runs; {@code standInMicrosPerImage} above 0 replaces the network by a stand-in
     * taking that long per image ({@link io.fashionstream.inference.BatchRunner#standIn}).
     */
    record ClassifySpec(String bootstrapServers, String applicationId, String inputTopic, String predictionsTopic,
                        String deadLetterTopic, String modelSpec, boolean servingPath, int batchSize, int batchDelayMs,
                        int streamThreads, int inferenceThreads, Map<String, String> kafkaProperties, String stateDir,
                        double standInMicrosPerImage) {
    }

    /**
     * A classifier child's cumulative counters: batches and images classified, seconds in the network, CPU seconds,
     * the JIT compiler threads' CPU seconds, seconds its threads waited for a core, the summed time from each input
     * record's timestamp to its prediction (the classifier's {@code classifier.latency}; {@code toPredictionSeconds}),
     * Kafka Streams' average commit latency over its threads (its metrics window, about the last 30 s), its commits
     * over all stream threads, and the time its producers blocked in the three steps of those commits (flushing the
     * transaction's records, sending the consumed offsets, ending the transaction), summed over the producers.
     */
    record ClassifierStats(long batches, long images, double inferenceSeconds, double cpuSeconds, double jitSeconds,
                           double waitSeconds, double toPredictionSeconds, double commitLatencyMs, long commits,
                           double flushSeconds, double offsetsSeconds, double endTxnSeconds) {
        /** The counters accumulated since {@code earlier}; the commit latency is Kafka Streams' own recent average. */
        ClassifierStats minus(ClassifierStats earlier) {
            return new ClassifierStats(batches - earlier.batches, images - earlier.images,
                    inferenceSeconds - earlier.inferenceSeconds, cpuSeconds - earlier.cpuSeconds,
                    jitSeconds - earlier.jitSeconds, waitSeconds - earlier.waitSeconds,
                    toPredictionSeconds - earlier.toPredictionSeconds, commitLatencyMs, commits - earlier.commits,
                    flushSeconds - earlier.flushSeconds, offsetsSeconds - earlier.offsetsSeconds,
                    endTxnSeconds - earlier.endTxnSeconds);
        }
    }
}
