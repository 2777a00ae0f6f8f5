package io.fashionstream.kafka;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one place where this project's Kafka client defaults live. Every helper returns a new
 * {@link Properties}: the caller's properties first, untouched (any client, Streams, SASL or SSL setting
 * passes through), then each default added only where the caller set nothing ({@code putIfAbsent}).
 */
public final class KafkaSettings {
    /** Producer defaults for throughput without loss: idempotent, all in-sync replicas, small batches in flight. */
    public static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "10",
            ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024),
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

    /** Consumer defaults: only committed transactional output is visible, start at the beginning of new groups. */
    public static final Map<String, Object> CONSUMER_DEFAULTS = Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

    private KafkaSettings() {
    }

    /** A copy of {@code user} with each default added where {@code user} has no value for its key. */
    public static Properties withDefaults(Properties user, Map<String, ?> defaults) {
        Properties merged = new Properties();
        merged.putAll(user);
        defaults.forEach(merged::putIfAbsent);
        return merged;
    }

    /** Producer properties: {@code user} plus {@link #PRODUCER_DEFAULTS}. */
    public static Properties producer(Properties user) {
        return withDefaults(user, PRODUCER_DEFAULTS);
    }

    /** Transactional producer properties; {@code transactionalId} is a default too, so a user's id wins. */
    public static Properties transactionalProducer(Properties user, String transactionalId) {
        Properties p = producer(user);
        p.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return p;
    }

    /** Consumer properties: {@code user} plus {@link #CONSUMER_DEFAULTS}. */
    public static Properties consumer(Properties user) {
        return withDefaults(user, CONSUMER_DEFAULTS);
    }

    /** The value of {@code bootstrap.servers} in {@code props}, for messages; "(unset)" when absent. */
    public static String bootstrapServers(Properties props) {
        return props.getProperty("bootstrap.servers", "(unset)");
    }
}
