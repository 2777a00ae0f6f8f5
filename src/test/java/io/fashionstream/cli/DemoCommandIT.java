package io.fashionstream.cli;

import static io.fashionstream.cli.Run.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.ModelMetadata;
import org.junit.jupiter.api.Test;

/**
 * {@code demo} in-process through {@link Main#commandLine()}, as the README's first command runs it: its own
 * embedded broker, the shipped model published to the models topic and picked up by the classifier from
 * there, real test images, and a summary that must account for every image.
 */
class DemoCommandIT {
    /** The shipped model, relative to the project root (the integration tests' working directory). */
    private static final Path SHIPPED = Path.of(ShippedModel.RELATIVE_PATH);
    private static final Pattern ACCURACY = Pattern.compile("accuracy ([0-9.]+)% \\(([0-9,]+) of ([0-9,]+) labelled\\)");

    private static ModelMetadata shippedMetadata() throws Exception {
        assertThat(SHIPPED).as("the shipped model, committed under models/").isRegularFile();
        return ModelArtifact.fromBytes(Files.readAllBytes(SHIPPED), SHIPPED.toString()).metadata();
    }

    @Test
    void shouldClassifyTwoThousandImagesWithTheShippedModelOnItsOwnBrokerAndAccountForEachOne() throws Exception {
        ModelMetadata shipped = shippedMetadata();

        Run run = run("demo", "--exit", "--limit", "2000", "--metrics-port", "0");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String out = run.out().replaceAll(" +", " ");
        assertThat(out).containsPattern("Kafka broker ready at 127\\.0\\.0\\.1:\\d+ \\(other terminals: --bootstrap-servers");
        assertThat(out.indexOf("Kafka broker ready")).as("the address comes before the streaming")
                .isLessThan(out.indexOf("Streaming"));
        assertThat(out).contains("Published " + SHIPPED + " as v1 on fashion.models")
                .contains("Classifier running, serving v1")
                .contains("Every image was answered.")
                .containsPattern("images in 2,000\\R")
                .containsPattern("predictions out 2,000\\R")
                .containsPattern("dead letters 0\\R")
                .containsPattern("throughput +[0-9,]+ images/s")
                .containsPattern("latency +p50 \\d+ ms, p99 \\d+ ms")
                .contains("model v1 = " + shipped.version() + " (" + shipped.architecture() + ", ")
                .doesNotContain("Still running")
                .endsWith("Stopped." + System.lineSeparator());
        Matcher accuracy = ACCURACY.matcher(out);
        assertThat(accuracy.find()).as(out).isTrue();
        assertThat(accuracy.group(3)).isEqualTo("2,000");
        assertThat(Double.parseDouble(accuracy.group(1)) / 100).as("accuracy on 2,000 test images vs. the recorded one")
                .isCloseTo(shipped.testAccuracy(), within(0.03));
    }

    @Test
    void shouldCountOnlyItsOwnImagesOnAClusterThatAlreadyRanADemo() throws Exception {
        shippedMetadata();
        try (EmbeddedKafka cluster = EmbeddedKafka.start(BrokerConfig.defaults())) {
            Run first = run("demo", "--exit", "--limit", "300", "--metrics-port", "0",
                    "--bootstrap-servers", cluster.bootstrapServers());
            Run second = run("demo", "--exit", "--limit", "200", "--metrics-port", "0", "--no-progress",
                    "--bootstrap-servers", cluster.bootstrapServers());

            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
            assertThat(second.out().replaceAll(" +", " ")).contains("Using the Kafka cluster at " + cluster.bootstrapServers())
                    .doesNotContain("Starting a Kafka broker")
                    .contains("as v2 on fashion.models")
                    .containsPattern("images in 200\\R")
                    .containsPattern("predictions out 200\\R")
                    .contains("model v2 = ");
        }
    }
}
