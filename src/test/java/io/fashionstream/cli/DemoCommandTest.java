package io.fashionstream.cli;

import static io.fashionstream.cli.Run.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes the demo refuses before it starts anything, each with one line and no stack trace. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAZeroLimit() {
        Run run = run("demo", "--limit", "0", "--exit");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--limit must be at least 1. Got: 0").doesNotContain("Exception");
    }

    @Test
    void shouldRefuseTrainingOptionsWithoutTrain() {
        Run run = run("demo", "--epochs", "3", "--exit");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--arch and --epochs go with --train");
    }

    @Test
    void shouldNameAModelFileThatIsNotThereBeforeStartingAnything() {
        Path missing = dir.resolve("missing.fsmodel");

        Run run = run("demo", "--model", missing.toString(), "--exit");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: " + missing + ": file not found").doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("Kafka broker");
    }

    @Test
    void shouldRefuseAFileThatIsNotAModel() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("notes.fsmodel"), "not a model");

        Run run = run("demo", "--model", notAModel.toString(), "--exit");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains(notAModel.toString()).doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("Kafka broker");
    }

    @Test
    void shouldHandTrainingToTheTrainCommandWhichRefusesAnUnknownArchitecture() {
        Run run = run("demo", "--train", "--arch", "nonsense", "--exit");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("Training a model first (--train): train --output models/nonsense-demo.fsmodel");
        assertThat(run.err()).contains("error: Unknown architecture 'nonsense'").doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("Kafka broker");
    }
}
