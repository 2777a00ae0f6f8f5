package io.fashionstream.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings of the {@link EmbeddedKafka} dev broker.
 *
 * @param host the address both listeners bind to and the one clients are told to use
 * @param port the client port; {@code 0} picks a free one
 * @param dataDir where the log lives across restarts; empty means a fresh temporary directory that
 *        {@link EmbeddedKafka#close()} deletes
 * @param overrides any broker property ({@code KafkaConfig} name), applied over this class's defaults
 */
public record BrokerConfig(String host, int port, Optional<Path> dataDir, Map<String, String> overrides) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    public BrokerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Broker host may not be blank. Got: '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Broker port must be 0..65535 (0 = any free port). Got: " + port);
        }
        dataDir = dataDir == null ? Optional.empty() : dataDir;
        overrides = Map.copyOf(overrides);
    }

    /** Any free port on 127.0.0.1, a temporary log directory, no overrides. */
    public static BrokerConfig defaults() {
        return new BrokerConfig(DEFAULT_HOST, 0, Optional.empty(), Map.of());
    }

    public BrokerConfig withHost(String newHost) {
        return new BrokerConfig(newHost, port, dataDir, overrides);
    }

    public BrokerConfig withPort(int newPort) {
        return new BrokerConfig(host, newPort, dataDir, overrides);
    }

    public BrokerConfig withDataDir(Path dir) {
        return new BrokerConfig(host, port, Optional.of(dir), overrides);
    }

    /** A copy with one more broker property, e.g. {@code message.max.bytes}. */
    public BrokerConfig withProperty(String key, String value) {
        Map<String, String> o = new TreeMap<>(overrides);
        o.put(key, value);
        return new BrokerConfig(host, port, dataDir, o);
    }
}
