package io.fashionstream.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JVM options from the deployment files must start a JVM: a misspelt {@code -XX} flag stops every container
 * before the application runs. Checked by starting {@code java -version} of the JDK running the tests (the
 * image's Java release) with the options, as the container does ({@code JAVA_TOOL_OPTIONS}) or on the command
 * line (the ENTRYPOINT's flags).
 */
final class JvmOptions {
    private JvmOptions() {
    }

    /** {@code toolOptions}: a JAVA_TOOL_OPTIONS value; {@code flags}: command-line options before -jar. */
    static List<String> check(String where, String toolOptions, List<String> flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.add("-version");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("JDK_JAVA_OPTIONS");
        env.put("JAVA_TOOL_OPTIONS", toolOptions == null ? "" : toolOptions);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return List.of(where + ": java -version did not finish in 60 s");
        }
        return p.exitValue() == 0 ? List.of()
                : List.of(where + ": the JVM does not start with these options: " + out.strip().replace('\n', ' '));
    }

    /** The ENTRYPOINT's JVM flags: the words between {@code java} and {@code -jar}. */
    static List<String> entrypointFlags(Dockerfile.Stage runtime) {
        List<String> words = runtime.last("ENTRYPOINT").map(Dockerfile.Instruction::words).orElse(List.of());
        int jar = words.indexOf("-jar");
        return jar <= 1 ? List.of() : words.subList(1, jar);
    }
}
