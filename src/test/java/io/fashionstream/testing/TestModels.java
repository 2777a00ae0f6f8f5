package io.fashionstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fashionstream.inference.ServingModel;
import io.fashionstream.model.Architecture;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.Trainer;
import io.fashionstream.model.TrainingJob;

/**
 * Model artifacts for tests. {@link #tiny()} trains a one-epoch MLP on 3,000 real images once and caches
 * the artifact in the build folder, so later test runs only load it; {@link #shipped()} is the best real
 * model available for the integration tests.
 */
public final class TestModels {
    /**
     * Artifacts the integration tests prefer, first existing wins: the shipped default model (committed
     * under {@code models/}), then a one-epoch MLP a developer may have lying around. Change here.
     */
    public static final List<Path> SHIPPED_CANDIDATES = List.of(
            Path.of("models/cnn-bn.fsmodel"),
            Path.of("/work/main/models/cnn-bn.fsmodel"),
            Path.of("/work/runs/probe/mlp-omp1.fsmodel"));

    private static ModelArtifact tiny;

    private TestModels() {
    }

    /** A real but small model (~80% accuracy), trained once per build folder. */
    public static synchronized ModelArtifact tiny() {
        if (tiny == null) {
            Path file = TestData.scratch("fixtures").resolve("tiny-mlp" + ModelArtifact.EXTENSION);
            if (!Files.isRegularFile(file)) {
                var config = Architecture.MLP.defaults().withEpochs(1).withValidationSize(500);
                var files = TestData.files();
                ModelArtifact trained = TrainingJob.run(config, files.train().slice(0, 3000),
                        TestData.test().slice(0, 1000), files, new Trainer.Listener() { });
                try {
                    trained.save(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            tiny = ModelArtifact.load(file);
        }
        return tiny;
    }

    /**
     * The artifact named by system property {@code it.model} if set, else the first of
     * {@link #SHIPPED_CANDIDATES} that exists, else the {@link #tiny()} model's file.
     */
    public static Path shippedFile() {
        String override = System.getProperty("it.model");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (Path p : SHIPPED_CANDIDATES) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        tiny();
        return TestData.scratch("fixtures").resolve("tiny-mlp" + ModelArtifact.EXTENSION);
    }

    /** A serving model over {@code artifact}, named by its metadata version. */
    public static ServingModel serving(ModelArtifact artifact) {
        return new ServingModel(artifact.metadata().version(), artifact.metadata().testAccuracy(), artifact.predictor());
    }
}
