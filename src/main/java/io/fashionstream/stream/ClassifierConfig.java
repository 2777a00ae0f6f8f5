package io.fashionstream.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

import io.fashionstream.data.DecodeLimits;
import io.fashionstream.kafka.Topics;

/**
 * Everything the classifier service needs: topics, micro-batching, decode limits, the Streams application
 * id, stream and inference thread counts ({@code inferenceThreads} 0: the network runs on the stream threads)
 * and state directory, and any further Kafka client or Streams properties, passed through
 * untouched ({@code kafkaProperties}, e.g. {@code bootstrap.servers}, SASL/SSL settings, tuning). Defaults
 * live in {@link #defaults()} and {@link #streamsProperties()}; user properties win over the latter.
 * {@code stateDir} may be {@code null} (Kafka Streams' default under {@code java.io.tmpdir}).
 */
public record ClassifierConfig(String applicationId, String inputTopic, String predictionsTopic,
                               String deadLetterTopic, int batchMaxSize, Duration batchMaxDelay,
                               DecodeLimits decodeLimits, int streamThreads, int inferenceThreads, Path stateDir,
                               Map<String, String> kafkaProperties) {
    public static final String DEFAULT_APPLICATION_ID = "fashion-stream-classifier";
    /**
     * Measured: one stream thread (OpenMP 1) on the 2-core dev machine, cnn-bn on its NHWC serving path,
     * 512 images per setting: 2.0 ms per image at batch 1, 0.70 at 4, 0.64 at 8, 0.59 at 32, 0.56 at 64,
     * flat from there (0.54-0.58 up to 512); the MLP gains up to 64 too (2.7 ms -> 0.04 ms per image).
     * 64 is where throughput stops improving (3.6x batch 1 for the CNN) while a full batch still takes only
     * ~36 ms, so a larger one would only add latency and time between polls. Those times are from the first dev
     * machine (Zen 1, AVX2); on the Zen 5 machine with AVX-512 the bench report's one copy on one thread ran
     * 2,312 / 7,767 / 9,075 / 8,836 / 9,043 images/s at batch 1 / 8 / 32 / 64 / 256 (a full batch of 64 ~7 ms), and
     * 16 or 32 with a 2 ms delay did not lower the p99 end to end (README, "Throughput").
     */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /**
     * The longest an image waits for its batch to fill. Under load batches fill by size long before this;
     * at low rates it bounds the added latency, next to the exactly-once commit interval that gates when
     * read_committed consumers see output anyway. On the stream threads 2 ms and 20 ms were within the noise of
     * the benchmark; with {@code inferenceThreads}, 2 ms answered faster at half load (p50/p99 79-90 / 186-367 ms
     * in five runs, 20 ms 126/365 in one; README, "Throughput").
     */
    public static final long DEFAULT_BATCH_DELAY_MS = 20;
    public static final Duration DEFAULT_BATCH_DELAY = Duration.ofMillis(DEFAULT_BATCH_DELAY_MS);
    /** Largest batch accepted: one batch must stay far inside max.poll.interval.ms and the transaction timeout. */
    public static final int MAX_BATCH_SIZE = 4096;
    /**
     * Dead letters carry the original value, so the producer accepts records as large as the dead-letter
     * topic does ({@link Topics#DEAD_LETTERS_MAX_MESSAGE_BYTES}).
     */
    public static final int MAX_OUTPUT_RECORD_BYTES = Topics.DEAD_LETTERS_MAX_MESSAGE_BYTES;
    /**
     * Kafka Streams' own values for what {@link #TUNED_KAFKA_DEFAULTS} changes: the exactly-once commit
     * interval and its producers' batching. The benchmark's untuned steps set these explicitly.
     */
    public static final Map<String, String> STREAMS_STOCK_PROPERTIES = Map.of(
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100",
            StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "100",
            StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "16384");
    /**
     * Measured by {@code bench} on the 2-core dev machine (embedded broker, load generator and classifier
     * sharing it; numbers in the README): committing every 20 ms instead of 100 ms cuts the time until a
     * read_committed consumer sees a prediction, and large producer batches flushed at each commit cost
     * the broker less per image. A property passed by the user always wins.
     */
    public static final Map<String, String> TUNED_KAFKA_DEFAULTS = Map.of(
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20",
            StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "524288");
    /** Properties set through the typed fields; passing them in {@code kafkaProperties} is refused. */
    static final Set<String> TYPED = Set.of(StreamsConfig.APPLICATION_ID_CONFIG,
            StreamsConfig.NUM_STREAM_THREADS_CONFIG, StreamsConfig.STATE_DIR_CONFIG);

    public ClassifierConfig {
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("Application id must be letters, digits, '.', '_' or '-'. Got: " + applicationId);
        }
        for (String topic : new String[] {inputTopic, predictionsTopic, deadLetterTopic}) {
            if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("Not a valid topic name: " + topic);
            }
        }
        if (inputTopic.equals(predictionsTopic) || inputTopic.equals(deadLetterTopic)
                || predictionsTopic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException("Input, predictions and dead-letter topics must differ. Got: "
                    + inputTopic + ", " + predictionsTopic + ", " + deadLetterTopic);
        }
        if (batchMaxSize < 1 || batchMaxSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("Batch size must be 1.." + MAX_BATCH_SIZE + ". Got: " + batchMaxSize);
        }
        if (batchMaxDelay == null || batchMaxDelay.toMillis() < 1 || batchMaxDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("Batch delay must be 1 ms to 1 minute. Got: " + batchMaxDelay);
        }
        if (decodeLimits == null) {
            throw new IllegalArgumentException("Decode limits must not be null");
        }
        if (streamThreads < 1 || streamThreads > 64) {
            throw new IllegalArgumentException("Stream threads must be 1..64. Got: " + streamThreads);
        }
        if (inferenceThreads < 0 || inferenceThreads > 64) {
            throw new IllegalArgumentException("Inference threads must be 0..64 (0: on the stream threads). Got: "
                    + inferenceThreads);
        }
        kafkaProperties = Map.copyOf(kafkaProperties);
        for (String key : TYPED) {
            if (kafkaProperties.containsKey(key)) {
                throw new IllegalArgumentException("Set " + key + " with its own option (application id, threads, "
                        + "state dir), not as a Kafka property");
            }
        }
    }

    /** The documented defaults, connecting to {@code localhost:9092}. */
    public static ClassifierConfig defaults() {
        return new ClassifierConfig(DEFAULT_APPLICATION_ID, Topics.IMAGES, Topics.PREDICTIONS, Topics.DEAD_LETTERS,
                DEFAULT_BATCH_SIZE, DEFAULT_BATCH_DELAY, DecodeLimits.DEFAULT, 1, 0, null, Map.of());
    }

    /**
     * The Kafka Streams configuration: the user's properties, the typed fields, then defaults for whatever
     * the user left unset (exactly-once v2, the exception handlers, a poll timeout short enough for the
     * max-delay flush, an output size matching dead letters of large inputs).
     */
    public Properties streamsProperties() {
        Map<String, Object> p = new TreeMap<>(kafkaProperties);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        if (stateDir != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        }
        p.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        p.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Input is read as raw bytes, which always deserialize; every content problem is dead-lettered by the
        // processor with a reason. A failure here would be a bug, so fail rather than skip (skipping loses input).
        p.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class.getName());
        // Likewise an exception escaping the processor (model failure, bug) must not skip records silently.
        p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName());
        p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true"); // Kafka 5.0's default
        p.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputExceptionHandler.class.getName());
        // Wall-clock punctuation only runs between polls: an idle poll must not outlast the batch delay by much, nor,
        // with inference threads, hold back predictions whose batch is done.
        long pollMs = inferenceThreads > 0 ? 5 : Math.max(5, Math.min(100, batchMaxDelay.toMillis() / 2));
        p.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, Long.toString(pollMs));
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(MAX_OUTPUT_RECORD_BYTES));
        TUNED_KAFKA_DEFAULTS.forEach(p::putIfAbsent);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    public ClassifierConfig withApplicationId(String applicationId) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    public ClassifierConfig withTopics(String inputTopic, String predictionsTopic, String deadLetterTopic) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    public ClassifierConfig withBatch(int batchMaxSize, Duration batchMaxDelay) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    public ClassifierConfig withDecodeLimits(DecodeLimits decodeLimits) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    public ClassifierConfig withStreamThreads(int streamThreads) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    /** Threads that run the network off the stream threads; 0 runs it on the stream threads. */
    public ClassifierConfig withInferenceThreads(int inferenceThreads) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    public ClassifierConfig withStateDir(Path stateDir) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    /** Replaces the pass-through properties. */
    public ClassifierConfig withKafkaProperties(Map<String, String> kafkaProperties) {
        return new ClassifierConfig(applicationId, inputTopic, predictionsTopic, deadLetterTopic, batchMaxSize,
                batchMaxDelay, decodeLimits, streamThreads, inferenceThreads, stateDir, kafkaProperties);
    }

    /** Adds or replaces one pass-through property, e.g. {@code bootstrap.servers}. */
    public ClassifierConfig withKafkaProperty(String key, String value) {
        Map<String, String> m = new TreeMap<>(kafkaProperties);
        m.put(key, value);
        return withKafkaProperties(m);
    }
}
