package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.fashionstream.kafka.KafkaSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaOptionsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void createTmpDir() throws IOException {
        // The build points java.io.tmpdir at a folder under the build directory that may not exist yet.
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        KafkaOptions kafka;

        @Override
        public void run() {
        }
    }

    private static KafkaOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.kafka;
    }

    @Test
    void shouldLetKafkaPairsWinOverTheConfigFile() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nlinger.ms=50\nclient.id=from-file\n");

        Properties p = parse("--kafka-config", file.toString(), "--kafka", "linger.ms=0",
                "--kafka", "sasl.jaas.config=a=b c=d").properties(Map.of());

        assertThat(p).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "0")
                .containsEntry("client.id", "from-file")
                .containsEntry("sasl.jaas.config", "a=b c=d")
                .containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void shouldKeepUserPropertiesOverProgramDefaults() {
        Properties p = KafkaSettings.producer(parse("--kafka", "acks=1", "--kafka", "linger.ms=0").properties(Map.of()));

        assertThat(p).containsEntry("acks", "1").containsEntry("linger.ms", "0")
                .containsEntry("enable.idempotence", "true");
    }

    @Test
    void shouldTakeBootstrapServersFromOptionThenPropertiesThenEnvironment() {
        Map<String, String> env = Map.of(KafkaOptions.ENV, "envhost:9092");

        assertThat(parse("--bootstrap-servers", "opt:1", "--kafka", "bootstrap.servers=kv:2").properties(env))
                .containsEntry("bootstrap.servers", "opt:1");
        assertThat(parse("--kafka", "bootstrap.servers=kv:2").properties(env))
                .containsEntry("bootstrap.servers", "kv:2");
        assertThat(parse().properties(env)).containsEntry("bootstrap.servers", "envhost:9092");
        assertThat(parse().properties(Map.of())).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void shouldRejectAPairWithoutEqualsSignWithAPicocliMessage() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Probe()).setErr(new PrintWriter(err));

        int code = cl.execute("--kafka", "linger.ms");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--kafka").contains("KEY=VALUE").contains("linger.ms")
                .doesNotContain("Exception");
    }

    @Test
    void shouldNameAMissingConfigFile() {
        KafkaOptions options = parse("--kafka-config", dir.resolve("nope.properties").toString());

        assertThatThrownBy(() -> options.properties(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.properties").hasMessageContaining("no such file");
    }
}
