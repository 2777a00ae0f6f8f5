package io.fashionstream.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * A topic to create when missing: name, partition count, replication factor and topic configs.
 *
 * @param replicationFactor {@link #BROKER_DEFAULT} ({@code -1}) uses the cluster's
 *        {@code default.replication.factor}, which is right for both the 1-node dev broker and a real cluster
 * @param configs topic-level configs such as {@code cleanup.policy}; copied, never null
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    /** Replication factor meaning "the broker's default". */
    public static final short BROKER_DEFAULT = -1;

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Topic name may not be blank. Got: '" + name + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Partitions must be at least 1. Got: " + partitions + " for " + name);
        }
        if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT) {
            throw new IllegalArgumentException("Replication factor must be at least 1 or -1 (broker default). Got: "
                    + replicationFactor + " for " + name);
        }
        configs = Map.copyOf(configs);
    }

    /** A topic with the broker's default replication and no configs. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, BROKER_DEFAULT, Map.of());
    }

    public TopicSpec withName(String newName) {
        return new TopicSpec(newName, partitions, replicationFactor, configs);
    }

    public TopicSpec withPartitions(int n) {
        return new TopicSpec(name, n, replicationFactor, configs);
    }

    public TopicSpec withReplicationFactor(short rf) {
        return new TopicSpec(name, partitions, rf, configs);
    }

    /** A copy with one more config (replacing an earlier value for that key). */
    public TopicSpec withConfig(String key, String value) {
        Map<String, String> c = new TreeMap<>(configs);
        c.put(key, value);
        return new TopicSpec(name, partitions, replicationFactor, c);
    }

    /** The Admin API's request for this topic. */
    public NewTopic toNewTopic() {
        Optional<Short> rf = replicationFactor == BROKER_DEFAULT ? Optional.empty() : Optional.of(replicationFactor);
        return new NewTopic(name, Optional.of(partitions), rf).configs(configs);
    }
}
