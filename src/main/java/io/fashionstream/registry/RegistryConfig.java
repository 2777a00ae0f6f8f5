package io.fashionstream.registry;

import java.util.Optional;
import java.util.Properties;

import io.fashionstream.kafka.TopicSpec;
import io.fashionstream.kafka.Topics;

/**
 * How to reach the model registry: Kafka client properties (passed through untouched, so SASL/SSL work),
 * the models topic, and the signing key ({@code Optional.empty()}: publish unsigned, accept unsigned).
 */
public record RegistryConfig(Properties kafka, String topic, Optional<SigningKey> signingKey) {
    /** Default transactional.id of every registry writer; one id for all of them is what serializes them. */
    public static final String TRANSACTIONAL_ID_PREFIX = "fashion-stream-registry-";

    public RegistryConfig {
        if (kafka == null || kafka.getProperty("bootstrap.servers") == null) {
            throw new IllegalArgumentException("Registry Kafka properties need bootstrap.servers. Got: " + kafka);
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("Models topic may not be blank. Got: '" + topic + "'");
        }
        if (signingKey == null) {
            throw new IllegalArgumentException("signingKey must be an Optional, not null");
        }
        Properties copy = new Properties();
        copy.putAll(kafka);
        kafka = copy;
    }

    public static RegistryConfig of(Properties kafka) {
        return new RegistryConfig(kafka, Topics.MODELS, Optional.empty());
    }

    public RegistryConfig withTopic(String topic) {
        return new RegistryConfig(kafka, topic, signingKey);
    }

    public RegistryConfig withSigningKey(Optional<SigningKey> key) {
        return new RegistryConfig(kafka, topic, key);
    }

    /** A copy of the client properties (callers may modify it). */
    @Override
    public Properties kafka() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    /**
     * The topic as created when missing: compacted (keys are unique per record, so compaction never drops a
     * chunk), and one partition, because versions and control records must keep a single order.
     */
    public TopicSpec topicSpec() {
        return Topics.models().withName(topic);
    }
}
