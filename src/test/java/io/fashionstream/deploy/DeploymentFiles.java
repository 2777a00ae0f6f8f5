package io.fashionstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** The project's deployment files, read from the repository, and the checks run on them. */
record DeploymentFiles(Project project, Dockerfile dockerfile, String dockerignore, JsonNode compose,
                       JsonNode prometheus, JsonNode providers, JsonNode datasources) {

    static DeploymentFiles read() {
        Project p = Project.current();
        try {
            return new DeploymentFiles(p, Dockerfile.read(p.path(Project.DOCKERFILE)),
                    Files.readString(p.path(Project.DOCKERIGNORE)), Yaml.read(p.path(Project.COMPOSE)),
                    Yaml.read(p.path(Project.PROMETHEUS)), Yaml.read(p.path(Project.GRAFANA_PROVIDERS)),
                    Yaml.read(p.path(Project.GRAFANA_DATASOURCES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> checkDockerfile(Dockerfile file) {
        return DockerfileChecks.check(project, file, dockerignore);
    }

    List<String> checkCompose(JsonNode composeFile) {
        return ComposeChecks.check(project, composeFile, dockerfile, prometheus, providers, datasources);
    }

    List<String> checkKubernetes(List<JsonNode> objects) {
        return KubernetesChecks.check(project, objects, dockerfile, scrapeJobs());
    }

    /** The job names of deploy/prometheus/prometheus.yml. */
    Set<String> scrapeJobs() {
        Set<String> jobs = new TreeSet<>();
        prometheus.path("scrape_configs").forEach(j -> jobs.add(j.path("job_name").asText()));
        return jobs;
    }

    /** The base's objects, as written (see {@link Kustomization#resources}). */
    List<JsonNode> kubernetesBase() {
        return Kustomization.resources(project.path(Project.KUBERNETES.resolve("base")));
    }
}
