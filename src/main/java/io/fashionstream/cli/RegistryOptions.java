package io.fashionstream.cli;

import java.nio.file.Path;

import io.fashionstream.kafka.Topics;
import io.fashionstream.registry.RegistryConfig;
import io.fashionstream.registry.SigningKey;
import picocli.CommandLine.Option;

/**
 * Model-registry options shared by {@code publish}, {@code promote}, {@code rollback}, {@code models},
 * {@code train --publish} and {@code classify} (picocli mixin, used beside {@link KafkaOptions}).
 */
public final class RegistryOptions {
    @Option(names = "--models-topic", defaultValue = Topics.MODELS, paramLabel = "TOPIC",
            description = "Topic of model versions (default: ${DEFAULT-VALUE})")
    String topic = Topics.MODELS;

    @Option(names = "--signing-key-file", paramLabel = "FILE",
            description = "HMAC-SHA256 shared secret (at least 16 bytes; e.g. `openssl rand -hex 32 > FILE`): "
                    + "sign what is published, refuse unsigned or wrongly signed versions. Default: env "
                    + SigningKey.ENV + " (the secret itself); neither = no signatures")
    Path signingKeyFile;

    /** The registry settings for these options and the Kafka connection {@code kafka}. */
    public RegistryConfig config(KafkaOptions kafka) {
        return new RegistryConfig(kafka.properties(), topic, SigningKey.resolve(signingKeyFile, System.getenv()));
    }
}
