package io.fashionstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The container image, the compose stack and the Kubernetes manifests agree with what the application
 * actually reads: its commands and options (the real picocli model), environment variables, metrics port and
 * health paths, topic names, jar path and Java release, and with the Prometheus and Grafana configs.
 * {@link DeploymentChecksTest} shows that each check catches a deliberate mistake.
 */
class DeploymentConsistencyTest {
    private static DeploymentFiles files;

    @BeforeAll
    static void read() {
        files = DeploymentFiles.read();
    }

    @Test
    void shouldBuildTheImageThePomAndCodeDescribe() {
        assertThat(files.checkDockerfile(files.dockerfile())).isEmpty();
    }

    @Test
    void shouldStartTheJvmWithTheImagesOptions() throws Exception {
        Dockerfile.Stage runtime = files.dockerfile().runtime();

        assertThat(JvmOptions.check("Dockerfile", runtime.env().get("JAVA_TOOL_OPTIONS"),
                JvmOptions.entrypointFlags(runtime))).isEmpty();
    }

    @Test
    void shouldStartTheJvmWithTheJavaOptionsOfEveryContainer() throws Exception {
        List<String> problems = new java.util.ArrayList<>();
        for (JsonNode o : files.kubernetesBase()) {
            for (JsonNode env : o.findValues("env")) {
                for (JsonNode e : env) {
                    if (e.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                        problems.addAll(JvmOptions.check(o.path("kind").asText() + " " + o.path("metadata").path("name")
                                .asText(), e.path("value").asText(), List.of()));
                    }
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void shouldRunTheComposeStackWithCommandsPortsAndTopicsTheCodeHas() {
        assertThat(files.checkCompose(files.compose())).isEmpty();
    }

    @Test
    void shouldRunEveryPartOfTheSystemInCompose() {
        List<String> commands = files.compose().path("services").findValues("command").stream()
                .map(c -> c.isArray() ? c.get(0).asText() : c.asText().split(" ")[0]).toList();

        assertThat(commands).contains("publish", "train", "classify", "produce");
        assertThat(files.compose().path("services").path("classifier").path("deploy").path("replicas").asInt())
                .isEqualTo(2);
    }

    @Test
    void shouldDeployTheKubernetesBaseAsWritten() {
        assertThat(files.checkKubernetes(files.kubernetesBase())).isEmpty();
    }

    /** kustomize is in kubectl, which Debian does not package: skipped where it is not installed. */
    @ParameterizedTest(name = "kubectl kustomize deploy/kubernetes/{0}")
    @ValueSource(strings = {"base", "overlays/production"})
    void shouldRenderEachKustomizationIntoManifestsTheCodeAgreesWith(String dir) throws Exception {
        Optional<Path> kubectl = Kustomization.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl not installed; skipping kustomize build");

        List<JsonNode> objects = Kustomization.build(kubectl.get(), files.project().path(Project.KUBERNETES.resolve(dir)));

        assertThat(objects).extracting(o -> o.path("kind").asText())
                .contains("Deployment", "Job", "Service", "ConfigMap");
        assertThat(files.checkKubernetes(objects)).isEmpty();
    }
}
