package io.fashionstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads the deployment YAML files as Jackson trees, and edits copies of them for the negative tests. */
final class Yaml {
    static final YAMLMapper MAPPER = new YAMLMapper();

    private Yaml() {
    }

    /** The single document of {@code file}. */
    static JsonNode read(Path file) {
        List<JsonNode> docs = readAll(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    /** Every non-empty document of {@code file} ({@code ---} separated). */
    static List<JsonNode> readAll(Path file) {
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
            return nonEmpty(it);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Every non-empty document of {@code text}. */
    static List<JsonNode> parseAll(String text) {
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
            return nonEmpty(it);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse YAML", e);
        }
    }

    private static List<JsonNode> nonEmpty(MappingIterator<JsonNode> it) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        while (it.hasNextValue()) {
            JsonNode doc = it.nextValue();
            if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                docs.add(doc);
            }
        }
        return docs;
    }

    /** The texts of an array node, or of a single scalar; empty when missing. */
    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    /** A deep copy of {@code doc} with the value at {@code pointer} replaced (or added) by {@code value}. */
    static JsonNode with(JsonNode doc, String pointer, Object value) {
        JsonNode copy = doc.deepCopy();
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(p.head());
        JsonNode v = value instanceof JsonNode n ? n : value == null ? null : MAPPER.valueToTree(value);
        String last = p.last().getMatchingProperty();
        if (parent instanceof ObjectNode o) {
            if (v == null) {
                o.remove(last);
            } else {
                o.set(last, v);
            }
        } else if (parent instanceof ArrayNode a) {
            int i = p.last().getMatchingIndex();
            if (v == null) {
                a.remove(i);
            } else if (i < a.size()) {
                a.set(i, v);
            } else {
                a.add(v);
            }
        } else {
            throw new IllegalArgumentException("No object or array at " + p.head() + " in " + doc);
        }
        return copy;
    }

    static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }
}
