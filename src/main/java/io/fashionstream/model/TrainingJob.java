package io.fashionstream.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.fashionstream.data.DatasetFiles;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.NativeRuntime;

/**
 * One complete training run: read the dataset, train with a validation split, evaluate the best epoch
 * once on the test set, and package network and metadata as an artifact.
 */
public final class TrainingJob {
    private TrainingJob() {
    }

    public static ModelArtifact run(TrainingConfig config, DatasetFiles files, Trainer.Listener listener) {
        return run(config, files.train(), files.test(), files, listener);
    }

    /** As {@link #run(TrainingConfig, DatasetFiles, Trainer.Listener)} on given image sets (e.g. subsets for smoke tests). */
    public static ModelArtifact run(TrainingConfig config, LabelledImages train, LabelledImages testSet,
                                    DatasetFiles provenance, Trainer.Listener listener) {
        NativeRuntime.Status runtime = NativeRuntime.init();
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Trainer.Result result = new Trainer(config).train(train, listener);
        Evaluation test = Evaluation.of(new io.fashionstream.inference.Predictor(result.network(),
                ModelMetadata.Input.FASHION_MNIST.scale()), testSet);
        ModelMetadata metadata = new ModelMetadata(ModelMetadata.FORMAT_VERSION, null, config.architecture().id(),
                created.toString(), ModelMetadata.HyperParameters.of(config), ModelMetadata.Input.FASHION_MNIST,
                provenance == null ? java.util.Map.of() : provenance.sha256(), result.history(), result.bestEpoch(),
                test.accuracy(), test, result.seconds(), result.imagesPerSecond(), runtime.describe(), null);
        return ModelArtifact.of(result.network(), metadata);
    }
}
