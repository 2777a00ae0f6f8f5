package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus' own checker on {@code deploy/prometheus}: the rules parse, their unit tests
 * ({@code alerts-test.yml}) pass, and the scrape config is valid. Needs {@code promtool} (Debian package
 * {@code prometheus}; or set {@code PROMTOOL}). Without it the test is skipped on a workstation, but fails
 * when the environment variable {@code CI} is set, so CI cannot silently stop checking the rules.
 */
class PrometheusRulesTest {
    static final Path DIR = Path.of("deploy", "prometheus");
    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        Optional<Path> found = locate("promtool", "PROMTOOL");
        if (found.isEmpty() && System.getenv("CI") != null) {
            fail("promtool not found (CI is set): install the Debian package 'prometheus' or set PROMTOOL");
        }
        Assumptions.assumeTrue(found.isPresent(), "promtool not installed; skipping the rule checks");
        promtool = found.get();
    }

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        Result result = promtool("check", "rules", "alerts.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void shouldPassTheAlertUnitTests() throws Exception {
        Result result = promtool("test", "rules", "alerts-test.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void shouldPassPromtoolCheckConfig() throws Exception {
        Result result = promtool("check", "config", "--syntax-only", "prometheus.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /** The executable named {@code name}: from the environment variable {@code envVar}, else on the PATH. */
    static Optional<Path> locate(String name, String envVar) {
        String explicit = System.getenv(envVar);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + java.io.File.pathSeparator + "/usr/bin";
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(p -> !p.isBlank())
                .map(p -> Path.of(p, name)).filter(Files::isExecutable).findFirst();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
