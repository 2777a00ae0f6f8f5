package io.fashionstream.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.fashionstream.kafka.KafkaSettings;

/**
 * Everything the classifier wrote to its predictions and dead-letter topics, read as a user would:
 * read_committed, every partition from the beginning, no consumer group. Not thread-safe.
 */
final class Outputs implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ClassifierConfig config;
    private final PredictionSerde serde = new PredictionSerde();
    final List<Prediction> predictions = new ArrayList<>();
    final List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();

    Outputs(Properties client, ClassifierConfig config) {
        this.config = config;
        Properties p = KafkaSettings.consumer(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(config.predictionsTopic(), config.deadLetterTopic())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p2 -> partitions.add(new TopicPartition(topic, p2.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    int count() {
        return predictions.size() + deadLetters.size();
    }

    /** Reads until at least {@code n} outputs were seen or {@code timeout} passed; returns the count. */
    int awaitAtLeast(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count() < n && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return count();
    }

    /** Keeps reading for {@code quiet}, to catch anything (a duplicate) still on its way. */
    void drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
    }

    /** The ids of all outputs: prediction ids and dead-letter keys. */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        predictions.forEach(p -> ids.add(p.id()));
        deadLetters.forEach(r -> ids.add(new String(r.key(), StandardCharsets.UTF_8)));
        return ids;
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.topic().equals(config.predictionsTopic())) {
                predictions.add(serde.deserialize(r.topic(), r.value()));
            } else {
                deadLetters.add(r);
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
