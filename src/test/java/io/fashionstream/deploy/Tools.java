package io.fashionstream.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** External tools the deployment tests run (yamllint, kubectl): where they are, and running them. */
final class Tools {
    private Tools() {
    }

    /** The executable {@code name}: from env {@code envVar} when set, else on the PATH or in /usr/bin. */
    static Optional<Path> locate(String name, String envVar) {
        String explicit = System.getenv(envVar);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin";
        return Stream.of(path.split(File.pathSeparator)).filter(p -> !p.isBlank())
                .map(p -> Path.of(p, name)).filter(Files::isExecutable).findFirst();
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code command} in {@code dir}, failing after {@code seconds}. */
    static Result run(Path dir, List<String> command, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        // Read both streams fully; kustomize output is small enough that stderr cannot block stdout for long.
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("(stderr unreadable: " + e + ")");
            }
        }, "stderr-" + command.get(0));
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + seconds + " s");
        }
        t.join();
        return new Result(p.exitValue(), out, err.join());
    }
}
