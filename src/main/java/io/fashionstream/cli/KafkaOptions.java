package io.fashionstream.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The Kafka connection options every command shares, as a picocli mixin ({@code @Mixin KafkaOptions kafka;}).
 * Any client or Streams property can be given, so SASL, SSL and tuning need no code change.
 *
 * <p>Precedence, highest first: {@code --bootstrap-servers}; {@code --kafka key=value} (repeatable);
 * the {@code --kafka-config} properties file; for {@code bootstrap.servers} only, env
 * {@code KAFKA_BOOTSTRAP_SERVERS}, then {@code localhost:9092}. Program defaults come after all of these
 * (see {@link io.fashionstream.kafka.KafkaSettings}).
 */
public final class KafkaOptions {
    /** Environment variable naming the brokers when no option does. */
    public static final String ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (default: env " + ENV + ", else " + DEFAULT_BOOTSTRAP + ")")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (e.g. security.protocol, sasl.*, ssl.*)")
    Path configFile;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "A Kafka client/Streams property; repeatable; wins over --kafka-config")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The merged client properties, {@code bootstrap.servers} always set; a new object on each call. */
    public Properties properties() {
        return properties(System.getenv());
    }

    /** {@link #properties()} against the given environment (tests pass their own). */
    Properties properties(Map<String, String> env) {
        Properties props = new Properties();
        if (configFile != null) {
            props.putAll(load(configFile));
        }
        props.putAll(overrides);
        if (bootstrapServers != null) {
            props.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        } else if (!props.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            String fromEnv = env.get(ENV);
            props.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    fromEnv == null || fromEnv.isBlank() ? DEFAULT_BOOTSTRAP : fromEnv.trim());
        }
        return props;
    }

    /** The brokers these options point at, for messages. */
    public String bootstrapServers() {
        return properties().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return p;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--kafka-config " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--kafka-config " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
