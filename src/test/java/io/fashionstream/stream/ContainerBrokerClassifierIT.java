package io.fashionstream.stream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The classifier scenarios on Apache Kafka's own container image, in the client library's version; skipped
 * (not failed) where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerClassifierIT extends ClassifierScenarios {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
