package io.fashionstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics, idempotently: a topic that already exists (made by an earlier run, another
 * instance at the same moment, or an operator) is left exactly as it is. Not thread-safe; close it.
 */
public final class TopicAdmin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
    /** How long {@link #ensure(Collection)} waits for the cluster by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final String bootstrap;

    /** An Admin client built from {@code clientProperties} (any client property passes through). */
    public TopicAdmin(Properties clientProperties) {
        this.admin = Admin.create(clientProperties);
        this.bootstrap = KafkaSettings.bootstrapServers(clientProperties);
    }

    /** Creates each missing topic, waiting up to {@link #DEFAULT_TIMEOUT}; returns the names it created. */
    public List<String> ensure(Collection<TopicSpec> topics) {
        return ensure(topics, DEFAULT_TIMEOUT);
    }

    /**
     * Creates each missing topic; returns the names it created (empty when all existed).
     *
     * @throws KafkaException naming the broker and the topic when the cluster refuses or does not answer in time
     */
    public List<String> ensure(Collection<TopicSpec> topics, Duration timeout) {
        var options = new CreateTopicsOptions().timeoutMs((int) timeout.toMillis());
        Map<String, KafkaFuture<Void>> results =
                admin.createTopics(topics.stream().map(TopicSpec::toNewTopic).toList(), options).values();
        List<String> created = new ArrayList<>();
        for (var e : results.entrySet()) {
            if (await(e.getKey(), e.getValue(), timeout)) {
                created.add(e.getKey());
            }
        }
        if (!created.isEmpty()) {
            log.info("Created topics {} on {}", created, bootstrap);
        }
        return created;
    }

    /** True when the topic was created, false when it existed already. */
    private boolean await(String topic, KafkaFuture<Void> future, Duration timeout) {
        try {
            future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                log.debug("Topic {} exists already", topic);
                return false;
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(topic, timeout);
            }
            throw new KafkaException("cannot create topic " + topic + " on " + bootstrap + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(topic, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topic " + topic, e);
        }
    }

    private KafkaException unreachable(String topic, Duration timeout) {
        return new KafkaException("no answer from Kafka at " + bootstrap + " within " + timeout.toSeconds()
                + " s while creating topic " + topic + " (is a broker running? `fashion-stream broker` starts one)");
    }

    /** The underlying Admin client, for callers that need more than topic creation. */
    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
