package io.fashionstream.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the model shipped with the project ({@value #RELATIVE_PATH}, relative to the project root) whether
 * the program runs from the project root, from elsewhere with {@code bin/fashion-stream}, or as
 * {@code java -jar <root>/target/fashion-stream.jar}, or from an installation that keeps {@code models/} beside
 * the jar: it looks in the working directory, in the folder holding the jar (or class folder), and in that
 * folder's parent.
 */
final class ShippedModel {
    static final String RELATIVE_PATH = "models/cnn-bn.fsmodel";

    private ShippedModel() {
    }

    /** Where to look, in order, without duplicates. */
    static List<Path> candidates(Path workingDir, Optional<Path> codeLocation) {
        Path relative = Path.of(RELATIVE_PATH);
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(workingDir.toAbsolutePath().normalize());
        codeLocation.map(p -> p.toAbsolutePath().normalize()).ifPresent(code -> {
            Path dir = code.getParent(); // the jar's folder, or the class folder's (target/ for target/classes)
            if (dir != null) {
                dirs.add(dir);
                if (dir.getParent() != null) {
                    dirs.add(dir.getParent());
                }
            }
        });
        return dirs.stream().map(d -> d.resolve(relative)).toList();
    }

    /**
     * The first candidate that exists.
     *
     * @throws IllegalArgumentException listing where it looked and what to do instead
     */
    static Path locate(Path workingDir, Optional<Path> codeLocation) {
        List<Path> candidates = candidates(workingDir, codeLocation);
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalArgumentException("the shipped model " + RELATIVE_PATH + " is not in " + candidates
                        + "; pass --model FILE (from `train`), or --train to train one first (takes minutes)"));
    }

    /** The jar or class folder this program was loaded from, if the JVM says. */
    static Optional<Path> codeLocation() {
        try {
            var source = ShippedModel.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
