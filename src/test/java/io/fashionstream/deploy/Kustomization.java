package io.fashionstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The objects of a kustomization. {@link #resources} reads its files as written, without kustomize: the
 * resources (files and folders with their own kustomization) and the generated ConfigMaps, but no patches
 * or transformers, which is enough for a base. {@link #build} runs the real {@code kubectl kustomize}.
 */
final class Kustomization {
    private Kustomization() {
    }

    /** The base's objects as written; generated ConfigMaps get their plain names (no hash suffix). */
    static List<JsonNode> resources(Path dir) {
        JsonNode k = Yaml.read(dir.resolve("kustomization.yaml"));
        List<JsonNode> out = new ArrayList<>();
        for (String r : Yaml.texts(k.path("resources"))) {
            Path p = dir.resolve(r).normalize();
            out.addAll(Files.isDirectory(p) ? resources(p) : Yaml.readAll(p));
        }
        for (JsonNode gen : k.path("configMapGenerator")) {
            ObjectNode cm = Yaml.MAPPER.createObjectNode();
            cm.put("apiVersion", "v1").put("kind", "ConfigMap");
            ObjectNode meta = cm.putObject("metadata");
            meta.put("name", gen.path("name").asText());
            meta.set("labels", gen.path("options").path("labels").deepCopy());
            ObjectNode data = cm.putObject("data");
            for (String literal : Yaml.texts(gen.path("literals"))) {
                int eq = literal.indexOf('=');
                data.put(literal.substring(0, eq), literal.substring(eq + 1));
            }
            for (String file : Yaml.texts(gen.path("files"))) {
                int eq = file.indexOf('=');
                Path source = dir.resolve(eq < 0 ? file : file.substring(eq + 1));
                data.put(eq < 0 ? source.getFileName().toString() : file.substring(0, eq), read(source));
            }
            out.add(cm);
        }
        return out;
    }

    /** kubectl, if installed (it bundles kustomize); or set KUBECTL. */
    static Optional<Path> kubectl() {
        return Tools.locate("kubectl", "KUBECTL");
    }

    /** {@code kubectl kustomize dir}: the objects kustomize renders. */
    static List<JsonNode> build(Path kubectl, Path dir) throws IOException, InterruptedException {
        Tools.Result r = Tools.run(dir, List.of(kubectl.toString(), "kustomize", "."), 120);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + r.stderr());
        }
        return Yaml.parseAll(r.stdout());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
