package io.fashionstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link Worker} on this JVM's class path. OpenMP reads {@code OMP_NUM_THREADS} once,
 * when ND4J's native library loads, so every thread setting the benchmark compares needs its own JVM;
 * {@code ompThreads} null leaves the variable unset (ND4J's default: one thread per core). The child's
 * log (stderr) goes to {@code log}; its stdout carries one-line status messages.
 */
final class ChildJvm implements AutoCloseable {
    /**
     * The JIT setting of bin/fashion-stream's long-running commands (classify, bench), given to every child
     * too: the JIT compiles a method fully after a tenth of HotSpot's default calls. Code called per Kafka request
     * (a few dozen times a second) otherwise reached the optimizing compiler minutes into a run, so both JVMs were
     * still compiling 0.15-0.37 cores after the warm-up; with it, 0.00-0.09 (README, "Throughput").
     */
    static final String JIT_THRESHOLD_SCALING = "0.1";
    static final String JIT_OPTION = "-XX:CompileThresholdScaling=" + JIT_THRESHOLD_SCALING;

    private final Process process;
    private final BufferedReader stdout;
    private final String name;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(String name, Integer ompThreads, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-XX:MetaspaceSize=128m"); // no full collections for metaspace growth mid-run (see bin/fashion-stream)
        cmd.add(JIT_OPTION);
        for (String prop : new String[] {"org.bytedeco.javacpp.cachedir", "java.io.tmpdir"}) {
            if (System.getProperty(prop) != null) {
                cmd.add("-D" + prop + "=" + System.getProperty(prop));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Worker.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (ompThreads == null) {
            pb.environment().remove("OMP_NUM_THREADS");
        } else {
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(ompThreads));
        }
        return new ChildJvm(name, pb.start());
    }

    /** The next status line the child prints; fails if it exits first. */
    String readLine() throws IOException {
        String line = stdout.readLine();
        if (line == null) {
            throw new IOException(name + " exited (code " + exitCode() + ") before reporting; see its log");
        }
        return line;
    }

    /** Sends one command line to the child's stdin. */
    void send(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** Tells a classifier child to stop and waits for it. */
    void stop(Duration timeout) throws IOException, InterruptedException {
        if (process.isAlive()) {
            try (OutputStream in = process.getOutputStream()) {
                in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // already gone
            }
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Waits for the child to finish and returns its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
