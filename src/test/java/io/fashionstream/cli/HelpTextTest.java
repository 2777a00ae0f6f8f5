package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** Every command's {@code --help} renders cleanly: picocli reports a broken description on stderr, not as an error. */
class HelpTextTest {

    @Test
    void shouldRenderEveryCommandsHelpWithoutPicocliWarnings() {
        CommandLine cli = Main.commandLine();
        assertThat(cli.getSubcommands()).isNotEmpty();
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            cli.getSubcommands().forEach((name, sub) -> assertThat(sub.getUsageMessage()).as(name).contains("Usage: "));
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }
}
