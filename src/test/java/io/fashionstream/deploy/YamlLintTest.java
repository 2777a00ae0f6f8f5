package io.fashionstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code yamllint --strict} with the repository's {@code .yamllint} passes on every YAML file of docker/,
 * deploy/ and grafana/. Needs yamllint (Debian package {@code yamllint}; or set {@code YAMLLINT}): skipped on
 * a workstation without it, but failing when the environment variable {@code CI} is set, so CI cannot
 * silently stop linting.
 */
class YamlLintTest {
    private static Path yamllint;

    @BeforeAll
    static void findYamllint() {
        Optional<Path> found = Tools.locate("yamllint", "YAMLLINT");
        if (found.isEmpty() && System.getenv("CI") != null) {
            fail("yamllint not found (CI is set): install the Debian package 'yamllint' or set YAMLLINT");
        }
        Assumptions.assumeTrue(found.isPresent(), "yamllint not installed; skipping the YAML lint");
        yamllint = found.get();
    }

    @Test
    void shouldPassYamllintOnTheDeploymentFiles() throws Exception {
        Tools.Result result = lint(Path.of("").toAbsolutePath(), "docker", "deploy", "grafana");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    }

    @Test
    void shouldLintTheComposeFileAndTheManifests() throws Exception {
        // yamllint lists the files it would lint; an empty list would make the test above pass vacuously.
        Tools.Result result = Tools.run(Path.of("").toAbsolutePath(), List.of(yamllint.toString(), "--list-files",
                "-c", ".yamllint", "docker", "deploy", "grafana"), 60);

        assertThat(result.stdout().lines().map(l -> l.replace('\\', '/')).toList()).contains(
                "docker/docker-compose.yml", "deploy/kubernetes/base/classifier-deployment.yaml",
                "deploy/kubernetes/overlays/production/kustomization.yaml", "deploy/prometheus/alerts.yml",
                "grafana/kustomization.yaml");
    }

    @Test
    void shouldFailOnADuplicatedKeyAndTrailingSpaces() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "yamllint"));
        Files.writeString(dir.resolve("bad.yml"), """
                ---
                services:
                  classifier:
                    image: fashion-stream:0.1.0  \s
                  classifier:
                    image: fashion-stream:0.1.0
                """);

        Tools.Result result = lint(dir, "bad.yml");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).contains("key-duplicates").contains("trailing-spaces");
    }

    private static Tools.Result lint(Path dir, String... paths) throws Exception {
        Path config = Path.of(".yamllint").toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of(yamllint.toString(), "--strict", "-f", "parsable",
                "-c", config.toString()));
        command.addAll(List.of(paths));
        return Tools.run(dir, command, 120);
    }
}
