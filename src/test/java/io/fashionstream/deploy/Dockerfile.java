package io.fashionstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of a Dockerfile the consistency checks need: stages, each with its base image and instructions
 * (continuation lines joined, comments dropped). Not a full Dockerfile parser: heredocs are not supported.
 */
record Dockerfile(List<Stage> stages) {
    record Instruction(String keyword, String args) {
        /** Exec-form (JSON array) arguments, or the shell form split on whitespace. */
        List<String> words() {
            if (args.startsWith("[")) {
                try {
                    return new ObjectMapper().readValue(args, new TypeReference<List<String>>() { });
                } catch (IOException e) {
                    throw new IllegalArgumentException(keyword + " is not a JSON array: " + args, e);
                }
            }
            return List.of(args.trim().split("\\s+"));
        }
    }

    record Stage(String image, String alias, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** Every ENV variable of this stage, later definitions winning. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                Matcher m = ENV_PAIR.matcher(i.args());
                while (m.find()) {
                    env.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
                }
            }
            return env;
        }

        /** The last WORKDIR, or "/". */
        String workdir() {
            return last("WORKDIR").map(Instruction::args).orElse("/");
        }

        /** COPY instructions as (flags, sources, destination). */
        List<Copy> copies() {
            List<Copy> out = new ArrayList<>();
            for (Instruction i : all("COPY")) {
                List<String> words = new ArrayList<>(i.words());
                String from = null;
                while (!words.isEmpty() && words.get(0).startsWith("--")) {
                    String flag = words.remove(0);
                    if (flag.startsWith("--from=")) {
                        from = flag.substring("--from=".length());
                    }
                }
                String dest = words.remove(words.size() - 1);
                out.add(new Copy(from, words, dest.startsWith("/") ? dest : join(workdir(), dest)));
            }
            return out;
        }
    }

    /** A COPY: {@code from} is a stage alias, or null for the build context. {@code dest} is absolute. */
    record Copy(String from, List<String> sources, String dest) {
    }

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(?:\"([^\"]*)\"|(\\S*))");

    static Dockerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String full = pending.toString().strip();
            pending.setLength(0);
            if (full.isEmpty()) {
                continue;
            }
            String[] kw = full.split("\\s+", 2);
            Instruction ins = new Instruction(kw[0].toUpperCase(), kw.length > 1 ? kw[1].strip() : "");
            if (ins.keyword().equals("FROM")) {
                String[] from = ins.args().split("\\s+");
                current = new ArrayList<>();
                stages.add(new Stage(from[0], from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null,
                        current));
            } else if (current != null) {
                current.add(ins);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    /** The stage the image is made of: the last one. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String alias) {
        return stages.stream().filter(s -> alias.equals(s.alias())).findFirst();
    }

    static String join(String dir, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String p = path.startsWith("./") ? path.substring(2) : path;
        return (dir.endsWith("/") ? dir : dir + "/") + p;
    }
}
