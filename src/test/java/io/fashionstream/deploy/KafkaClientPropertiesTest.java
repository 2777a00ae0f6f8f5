package io.fashionstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fashionstream.testing.TestData;

/**
 * The Kafka client properties the Kubernetes ConfigMaps carry are accepted by the real Kafka client and
 * Streams configs, and the production overlay's credentials resolve from the Secret mounted as files, through
 * Kafka's own DirectoryConfigProvider, as the pod will do it.
 */
class KafkaClientPropertiesTest {
    private static final Path BASE = Project.KUBERNETES.resolve("base/client.properties");
    private static final Path PRODUCTION = Project.KUBERNETES.resolve("overlays/production/client.properties");
    private static final String SECRET_DIR = "/etc/fashion-stream/kafka-credentials";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"fashion-stream\" password=\"s3cret\";";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base/client.properties", "overlays/production/client.properties"})
    void shouldBeValidKafkaStreamsAndAdminSettings(String file) throws IOException {
        Properties props = load(Project.KUBERNETES.resolve(file));
        props.setProperty("bootstrap.servers", "kafka:9092");
        props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "fashion-stream-classifier");
        // Resolution of ${dir:...} needs the mounted folder: point it at one with the secret file.
        Path secrets = secretsDir();
        props.replaceAll((k, v) -> v.toString().replace(SECRET_DIR, secrets.toString()));

        StreamsConfig streams = new StreamsConfig(props);
        AdminClientConfig admin = new AdminClientConfig(props);

        assertThat(streams.getString("security.protocol")).isEqualTo(admin.getString("security.protocol"));
    }

    @Test
    void shouldReadTheProductionCredentialsFromTheMountedSecret() throws IOException {
        Properties props = load(PRODUCTION);
        props.setProperty("bootstrap.servers", "kafka:9093");
        Path secrets = secretsDir();
        props.replaceAll((k, v) -> v.toString().replace(SECRET_DIR, secrets.toString()));

        AdminClientConfig admin = new AdminClientConfig(props);

        assertThat(admin.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(admin.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(JAAS);
        assertThat(Files.readString(Project.current().path(PRODUCTION))).doesNotContain("password=");
    }

    @Test
    void shouldNotStartWithoutTheCredentialsSecret() throws IOException {
        Properties props = load(PRODUCTION);
        props.setProperty("bootstrap.servers", "127.0.0.1:9"); // resolvable; creation fails before any connection
        Path empty = Files.createDirectories(TestData.scratch("deploy").resolve("no-secret"));
        props.replaceAll((k, v) -> v.toString().replace(SECRET_DIR, empty.toString()));

        // DirectoryConfigProvider leaves the reference unresolved, and the JAAS parser refuses it: the client
        // fails at start instead of connecting without credentials.
        assertThatThrownBy(() -> org.apache.kafka.clients.admin.Admin.create(props).close())
                .hasStackTraceContaining("JAAS config");
    }

    @Test
    void shouldKeepThePlainBaseWithoutCredentials() throws IOException {
        Properties props = load(BASE);

        assertThat(props.getProperty("security.protocol")).isEqualTo("PLAINTEXT");
        assertThat(props.stringPropertyNames()).noneMatch(k -> k.startsWith("sasl."));
        assertThatThrownBy(() -> new AdminClientConfig(withValue(props, "security.protocol", "PLAIN_TEXT")))
                .isInstanceOf(ConfigException.class);
    }

    private static Properties withValue(Properties props, String key, String value) {
        Properties copy = new Properties();
        copy.putAll(props);
        copy.setProperty("bootstrap.servers", "kafka:9092");
        copy.setProperty(key, value);
        return copy;
    }

    private static Path secretsDir() throws IOException {
        Path dir = Files.createDirectories(TestData.scratch("deploy").resolve("kafka-credentials"));
        Files.writeString(dir.resolve("sasl.jaas.config"), JAAS);
        return dir;
    }

    private static Properties load(Path relative) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Project.current().path(relative))) {
            p.load(in);
        }
        return p;
    }
}
