package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** Mistakes on the produce command line are caught before any connection is made. */
class ProduceCommandTest {
    private static String errorOf(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute(args);
        assertThat(code).isEqualTo(2);
        return err.toString();
    }

    @Test
    void shouldRejectAnOffsetPastTheEndOfTheTestSet() {
        assertThat(errorOf("produce", "--offset", "10000", "--bootstrap-servers", "127.0.0.1:1"))
                .contains("--offset must be 0..9999 (there are 10000 images). Got: 10000");
    }

    @Test
    void shouldRejectFilesCombinedWithADatasetSplit() {
        assertThat(errorOf("produce", "--files", ".", "--set", "train", "--bootstrap-servers", "127.0.0.1:1"))
                .contains("--files cannot be combined with --set or --data");
    }

    @Test
    void shouldRejectANegativeRate() {
        assertThat(errorOf("produce", "--rate", "-5", "--bootstrap-servers", "127.0.0.1:1"))
                .contains("--rate must be 0 or more. Got: -5.0");
    }

    @Test
    void shouldNameAMissingFile() {
        assertThat(errorOf("produce", "--files", "/no/such/dir", "--bootstrap-servers", "127.0.0.1:1"))
                .contains("error: /no/such/dir: no such file or folder").doesNotContain("Exception");
    }
}
