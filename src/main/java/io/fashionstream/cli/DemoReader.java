package io.fashionstream.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.stream.DeadLetters;
import io.fashionstream.stream.Prediction;
import io.fashionstream.stream.PredictionSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the classifier's output for the demo as any downstream application would: every partition of the
 * predictions and dead-letter topics, read_committed, no consumer group, from the ends they had when the
 * reader was created (so an existing cluster's older output is skipped). Not thread-safe.
 */
final class DemoReader implements AutoCloseable {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictionsTopic;
    private final PredictionSerde serde = new PredictionSerde();

    /** Assigns both topics, which must exist, at their current ends. */
    DemoReader(Properties clientProperties, String predictionsTopic, String deadLetterTopic) {
        Properties props = KafkaSettings.withDefaults(clientProperties, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.predictionsTopic = predictionsTopic;
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(predictionsTopic, deadLetterTopic)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new KafkaException("topic " + topic + " does not exist at "
                            + KafkaSettings.bootstrapServers(props));
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix "the end" now, before any image is sent
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Waits up to {@code timeout} for output and feeds it to {@code tally}; returns how many records counted. */
    int poll(Duration timeout, DemoTally tally) {
        int counted = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            long now = System.currentTimeMillis();
            if (r.topic().equals(predictionsTopic)) {
                Prediction p = parse(r);
                if (p != null && tally.prediction(r.key(), r.timestamp(), p, now)) {
                    counted++;
                }
            } else if (tally.deadLetter(r.key(), r.timestamp(), header(r, DeadLetters.REASON_HEADER), now)) {
                counted++;
            }
        }
        return counted;
    }

    /** The prediction, or null for a value that is not one (another writer's record): it is not ours to count. */
    private Prediction parse(ConsumerRecord<String, byte[]> r) {
        try {
            return serde.deserialize(r.topic(), r.value());
        } catch (SerializationException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null || h.value() == null ? "unknown" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
