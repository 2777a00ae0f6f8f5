package io.fashionstream.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.fashionstream.kafka.KafkaSettings;

/**
 * Reads the models topic from its beginning into a {@link RegistryLog}, with {@code read_committed} so a
 * version is seen only once its whole transaction (chunks and manifest) committed. No consumer group: the
 * partition is assigned, nothing is committed, every reader sees the whole log. Not thread-safe.
 */
public final class RegistryReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final String bootstrap;
    private final RegistryLog log;

    /** Subscribes to the topic's only partition; throws {@link KafkaException} if it does not exist in time or has several. */
    public RegistryReader(RegistryConfig config, Duration timeout) {
        Properties props = KafkaSettings.consumer(config.kafka());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A user's group.id (e.g. meant for Streams) must not turn this whole-log reader into a group member.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.bootstrap = KafkaSettings.bootstrapServers(props);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.log = new RegistryLog(config.signingKey());
        try {
            List<PartitionInfo> partitions = partitions(config.topic(), timeout);
            if (partitions.isEmpty()) {
                throw new KafkaException("topic " + config.topic() + " does not exist on " + bootstrap);
            }
            if (partitions.size() != 1) {
                throw new KafkaException("topic " + config.topic() + " has " + partitions.size()
                        + " partitions; the model registry needs exactly 1 (versions and control records share one order)");
            }
            this.partition = new TopicPartition(config.topic(), 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            consumer.close(Duration.ZERO);
            throw new KafkaException("no answer from Kafka at " + bootstrap + " within " + timeout.toSeconds()
                    + " s reading topic " + config.topic() + " (is a broker running?)", e);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** The topic's partitions; waits while a just-created topic has not reached this broker's metadata yet. */
    private List<PartitionInfo> partitions(String topic, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if ((partitions != null && !partitions.isEmpty()) || Instant.now().isAfter(deadline)) {
                return partitions == null ? List.of() : partitions;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** Applies every record up to the current end of the topic (its last stable offset); returns the outcomes. */
    public List<RegistryLog.Outcome> catchUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long end;
        try {
            end = consumer.endOffsets(Set.of(partition), timeout).get(partition);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaException("no answer from Kafka at " + bootstrap + " within " + timeout.toSeconds()
                    + " s reading the end of " + partition, e);
        }
        List<RegistryLog.Outcome> outcomes = new ArrayList<>();
        while (consumer.position(partition, timeout) < end) {
            if (Instant.now().isAfter(deadline)) {
                throw new KafkaException("could not read " + partition + " up to offset " + end + " from " + bootstrap
                        + " within " + timeout.toSeconds() + " s (at " + consumer.position(partition) + ")");
            }
            outcomes.addAll(poll(Duration.ofMillis(200)));
        }
        return outcomes;
    }

    /** One poll: applies whatever arrived within {@code timeout}; returns the outcomes (chunks included). */
    public List<RegistryLog.Outcome> poll(Duration timeout) {
        List<RegistryLog.Outcome> outcomes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            outcomes.add(log.apply(r.key(), r.value(), r.headers(), r.topic() + "-" + r.partition() + "@" + r.offset()));
        }
        return outcomes;
    }

    public RegistryLog log() {
        return log;
    }

    /** Makes a blocked {@link #poll} return early (the only method safe to call from another thread). */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
