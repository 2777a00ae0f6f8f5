package io.fashionstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.fashionstream.metrics.MetricsServer;

/**
 * Checks {@code docker/Dockerfile} against the build (pom.xml's jar name, Java release and class-path
 * prefix, .mvn/maven.config), the code (metrics ports) and {@code .dockerignore}. Each method returns the
 * problems found, one readable line each; empty means consistent.
 */
final class DockerfileChecks {
    static final String CACHEDIR_PROPERTY = "-Dorg.bytedeco.javacpp.cachedir=";

    private DockerfileChecks() {
    }

    static List<String> check(Project project, Dockerfile file, String dockerignore) {
        List<String> problems = new ArrayList<>();
        Dockerfile.Stage runtime = file.runtime();
        problems.addAll(baseImage(project, runtime));
        problems.addAll(buildStage(project, file));
        problems.addAll(jarAndLibraries(project, file));
        problems.addAll(nativeSettings(runtime));
        problems.addAll(user(runtime));
        problems.addAll(ports(runtime));
        problems.addAll(context(project, file, dockerignore));
        return problems;
    }

    static List<String> baseImage(Project project, Dockerfile.Stage runtime) {
        String image = runtime.image();
        String tag = image.contains(":") ? image.substring(image.indexOf(':') + 1) : "";
        if (!tag.startsWith(project.javaRelease() + "-jre") && !tag.equals(project.javaRelease() + "-jre")) {
            return List.of("Dockerfile: the runtime image " + image + " is not a Java " + project.javaRelease()
                    + " JRE (pom.xml: maven.compiler.release " + project.javaRelease() + ")");
        }
        return List.of();
    }

    static List<String> buildStage(Project project, Dockerfile file) {
        List<String> problems = new ArrayList<>();
        Optional<Dockerfile.Stage> build = buildStageOf(file);
        if (build.isEmpty()) {
            return List.of("Dockerfile: no build stage that the runtime stage copies the jar from");
        }
        String image = build.get().image();
        if (!image.contains("temurin-" + project.javaRelease()) && !image.contains("jdk-" + project.javaRelease())
                && !image.contains("openjdk-" + project.javaRelease())) {
            problems.add("Dockerfile: the build image " + image + " does not say it has JDK " + project.javaRelease());
        }
        boolean copiesMvn = build.get().copies().stream().anyMatch(c -> c.from() == null
                && c.sources().stream().anyMatch(s -> s.equals(".mvn") || s.equals(".mvn/")));
        if (!copiesMvn) {
            problems.add("Dockerfile: the build stage does not copy .mvn/, so Maven would resolve JavaCPP natives "
                    + "for every platform (.mvn/maven.config sets -Djavacpp.platform=linux-x86_64)");
        }
        return problems;
    }

    static List<String> jarAndLibraries(Project project, Dockerfile file) {
        List<String> problems = new ArrayList<>();
        Dockerfile.Stage runtime = file.runtime();
        Optional<Dockerfile.Stage> build = buildStageOf(file);
        String target = Dockerfile.join(build.map(Dockerfile.Stage::workdir).orElse("/"), "target/");
        Optional<Dockerfile.Copy> jar = fromBuild(runtime, target + project.jar());
        Optional<Dockerfile.Copy> lib = fromBuild(runtime, target + "lib/");
        if (jar.isEmpty()) {
            problems.add("Dockerfile: copies no " + target + project.jar() + " from the build stage (pom.xml: finalName "
                    + project.finalName() + ")");
        }
        if (lib.isEmpty()) {
            problems.add("Dockerfile: copies no " + target + "lib/ (the jar's Class-Path libraries) from the build stage");
        }
        if (jar.isEmpty() || lib.isEmpty()) {
            return problems;
        }
        String jarPath = jar.get().dest().endsWith("/") ? jar.get().dest() + project.jar() : jar.get().dest();
        String jarDir = jarPath.substring(0, jarPath.lastIndexOf('/') + 1);
        String libDest = lib.get().dest().endsWith("/") ? lib.get().dest() : lib.get().dest() + "/";
        if (!libDest.equals(jarDir + project.classpathPrefix())) {
            problems.add("Dockerfile: the libraries go to " + libDest + " but the jar's manifest Class-Path expects "
                    + jarDir + project.classpathPrefix() + " (pom.xml: classpathPrefix " + project.classpathPrefix() + ")");
        }
        List<String> entry = runtime.last("ENTRYPOINT").map(Dockerfile.Instruction::words).orElse(List.of());
        int j = entry.indexOf("-jar");
        if (entry.isEmpty() || !entry.get(0).equals("java") || j < 0 || j + 1 >= entry.size()) {
            problems.add("Dockerfile: the ENTRYPOINT " + entry + " does not run `java ... -jar JAR`");
        } else if (!Dockerfile.join(runtime.workdir(), entry.get(j + 1)).equals(jarPath)) {
            problems.add("Dockerfile: the ENTRYPOINT runs " + entry.get(j + 1) + " but the jar is copied to " + jarPath);
        }
        return problems;
    }

    static List<String> nativeSettings(Dockerfile.Stage runtime) {
        List<String> problems = new ArrayList<>();
        if (!"1".equals(runtime.env().get("OMP_NUM_THREADS"))) {
            problems.add("Dockerfile: OMP_NUM_THREADS is " + runtime.env().get("OMP_NUM_THREADS")
                    + ", not 1 (one native thread per network copy, as bin/fashion-stream sets for classify)");
        }
        Optional<String> cachedir = cachedir(runtime);
        if (cachedir.isEmpty()) {
            problems.add("Dockerfile: no " + CACHEDIR_PROPERTY + "DIR: JavaCPP would extract ND4J's natives under "
                    + "the home directory");
        } else if (writableDirs(runtime).stream().noneMatch(d -> under(cachedir.get(), d))) {
            problems.add("Dockerfile: the JavaCPP cache " + cachedir.get() + " is not in a directory created and "
                    + "chowned for the runtime user (" + writableDirs(runtime) + ")");
        }
        return problems;
    }

    static List<String> user(Dockerfile.Stage runtime) {
        String user = runtime.last("USER").map(Dockerfile.Instruction::args).orElse("root");
        String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (!uid.matches("\\d+") || Integer.parseInt(uid) == 0) {
            return List.of("Dockerfile: USER " + user + " is not a numeric non-root uid (Kubernetes' runAsNonRoot "
                    + "can only verify numeric ones)");
        }
        return List.of();
    }

    static List<String> ports(Dockerfile.Stage runtime) {
        List<String> exposed = runtime.all("EXPOSE").stream().flatMap(i -> i.words().stream()).toList();
        List<String> problems = new ArrayList<>();
        for (int port : List.of(MetricsServer.CLASSIFIER_PORT, MetricsServer.TRAINER_PORT)) {
            if (!exposed.contains(Integer.toString(port))) {
                problems.add("Dockerfile: EXPOSE " + exposed + " lacks metrics port " + port + " (MetricsServer)");
            }
        }
        return problems;
    }

    /** Build-context sources must exist in the repository and must not be excluded by .dockerignore. */
    static List<String> context(Project project, Dockerfile file, String dockerignore) {
        List<String> problems = new ArrayList<>();
        List<String> patterns = dockerignore.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (Dockerfile.Stage stage : file.stages()) {
            for (Dockerfile.Copy copy : stage.copies()) {
                if (copy.from() != null) {
                    continue;
                }
                for (String source : copy.sources()) {
                    List<Path> matches = matching(project.root(), source);
                    if (matches.isEmpty()) {
                        problems.add("Dockerfile: COPY " + source + " matches nothing in the repository");
                    }
                    for (Path m : matches) {
                        String rel = project.root().relativize(m).toString();
                        patterns.stream().filter(p -> ignores(p, rel)).findFirst().ifPresent(p -> problems.add(
                                "Dockerfile: COPY " + source + " needs " + rel + ", which .dockerignore excludes ("
                                        + p + ")"));
                    }
                }
            }
        }
        return problems;
    }

    /** Whether .dockerignore {@code pattern} excludes {@code relPath} or one of its parent folders. */
    static boolean ignores(String pattern, String relPath) {
        String p = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p);
        for (Path prefix = Path.of(relPath); prefix != null; prefix = prefix.getParent()) {
            if (m.matches(prefix)) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> cachedir(Dockerfile.Stage runtime) {
        List<String> words = new ArrayList<>(runtime.last("ENTRYPOINT").map(Dockerfile.Instruction::words)
                .orElse(List.of()));
        words.addAll(List.of(runtime.env().getOrDefault("JAVA_TOOL_OPTIONS", "").split("\\s+")));
        return words.stream().filter(w -> w.startsWith(CACHEDIR_PROPERTY))
                .map(w -> w.substring(CACHEDIR_PROPERTY.length())).findFirst();
    }

    /** Directories a {@code RUN ... chown ...} hands to the runtime user. */
    static List<String> writableDirs(Dockerfile.Stage runtime) {
        List<String> dirs = new ArrayList<>();
        for (Dockerfile.Instruction run : runtime.all("RUN")) {
            for (String part : run.args().split("&&")) {
                List<String> words = List.of(part.strip().split("\\s+"));
                if (!words.isEmpty() && words.get(0).equals("chown")) {
                    words.stream().filter(w -> w.startsWith("/")).forEach(dirs::add);
                }
            }
        }
        return dirs;
    }

    static boolean under(String path, String dir) {
        String d = dir.endsWith("/") ? dir : dir + "/";
        return path.equals(dir) || path.startsWith(d);
    }

    private static Optional<Dockerfile.Stage> buildStageOf(Dockerfile file) {
        return file.runtime().copies().stream().map(Dockerfile.Copy::from).filter(f -> f != null).findFirst()
                .flatMap(file::stage);
    }

    private static Optional<Dockerfile.Copy> fromBuild(Dockerfile.Stage runtime, String source) {
        return runtime.copies().stream().filter(c -> c.from() != null && c.sources().contains(source)).findFirst();
    }

    /** Image paths of the repository files the runtime stage copies in (COPY of files or globs into a folder). */
    static List<String> filesInImage(Project project, Dockerfile.Stage runtime) {
        List<String> out = new ArrayList<>();
        for (Dockerfile.Copy copy : runtime.copies()) {
            if (copy.from() != null || !copy.dest().endsWith("/")) {
                continue;
            }
            for (String source : copy.sources()) {
                if (!source.endsWith("/")) {
                    matching(project.root(), source).forEach(f -> out.add(copy.dest() + f.getFileName()));
                }
            }
        }
        return out;
    }

    private static List<Path> matching(Path root, String source) {
        String s = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        if (!s.contains("*") && !s.contains("?")) {
            return Files.exists(root.resolve(s)) ? List.of(root.resolve(s)) : List.of();
        }
        Path dir = root.resolve(s).getParent();
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + root.resolve(s));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(m::matches).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
