package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import io.fashionstream.testing.TestData;

/** User mistakes on {@code classify} get one clear line and exit code 2, before any connection to Kafka. */
class ClassifyCommandTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--model m.fsmodel --batch-size 0             | Batch size must be 1..4096. Got: 0",
        "--model m.fsmodel --batch-delay soon         | 'soon' is not a time like 20ms, 1.5s or 250",
        "--model m.fsmodel --batch-delay 0ms          | Batch delay must be 1 ms to 1 minute. Got: PT0S",
        "--model m.fsmodel --threads 0                | Stream threads must be 1..64. Got: 0",
        "--model m.fsmodel --input-topic fashion.predictions | Input, predictions and dead-letter topics must differ",
        "--model m.fsmodel --kafka application.id=x   | Set application.id with its own option",
        "--batch-size 8 --model-policy newest         | Unknown model policy 'newest'. Valid: latest, best, or a version",
        "--model m.fsmodel --model-policy best        | leave them out with --model FILE",
        "--model does-not-exist.fsmodel --metrics-port 0 | does-not-exist.fsmodel: file not found"})
    void shouldExplainAMistakeInOneLine(String args, String message) {
        TestData.scratch(".");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));

        int code = cl.execute(("classify " + args.trim()).split("\\s+"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
