package io.fashionstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fashionstream.data.DatasetFiles;
import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.Predictor;

/** Tiny training runs on real Fashion-MNIST subsets: never the full model. */
class TrainingSmokeTest {
    static DatasetFiles files;
    static LabelledImages train;
    static LabelledImages test;

    @BeforeAll
    static void loadData() {
        files = DatasetLocator.standard(Optional.empty()).locate();
        train = files.train().slice(0, 4000);
        test = files.test().slice(0, 1000);
    }

    @Test
    void shouldLearnFarAboveChanceOnASmallSubset() {
        TrainingConfig config = Architecture.MLP.defaults().withEpochs(3).withValidationSize(500);
        List<EpochStats> epochs = new ArrayList<>();

        ModelArtifact artifact = TrainingJob.run(config, train, test, files, new Trainer.Listener() {
            @Override
            public void onEpoch(EpochStats stats, boolean best) {
                epochs.add(stats);
            }
        });

        ModelMetadata m = artifact.metadata();
        assertThat(m.testAccuracy()).as("chance is 0.10").isGreaterThan(0.70);
        assertThat(m.history()).hasSize(3).isEqualTo(epochs);
        assertThat(m.history().get(2).trainLoss()).isLessThan(m.history().get(0).trainLoss());
        assertThat(m.bestEpoch()).isEqualTo(m.history().stream()
                .max(java.util.Comparator.comparingDouble(EpochStats::validationAccuracy)).orElseThrow().epoch());
        assertThat(m.test().count()).isEqualTo(1000);
        assertThat(m.datasetSha256()).containsKeys("train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        // the recorded accuracy is what the artifact really scores on the same images
        assertThat(Evaluation.of(artifact.predictor(), test).accuracy()).isEqualTo(m.testAccuracy());
    }

    @Test
    void shouldProduceTheSameNetworkFromTheSameSeed() {
        TrainingConfig config = Architecture.CNN.defaults().withEpochs(1).withValidationSize(200);
        LabelledImages small = train.slice(0, 800);

        String first = TrainingJob.run(config, small, test, files, new Trainer.Listener() { }).metadata().networkSha256();
        String second = TrainingJob.run(config, small, test, files, new Trainer.Listener() { }).metadata().networkSha256();
        String otherSeed = TrainingJob.run(config.withSeed(7), small, test, files, new Trainer.Listener() { })
                .metadata().networkSha256();

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void shouldTrainTheDefaultChannelsLastAndStoreItChannelsFirstTheSameEveryTime() {
        TrainingConfig config = Architecture.CNN_BN.defaults().withEpochs(2).withValidationSize(300);
        LabelledImages small = train.slice(0, 1800);

        ModelArtifact first = TrainingJob.run(config, small, test, files, new Trainer.Listener() { });
        ModelArtifact second = TrainingJob.run(config, small, test, files, new Trainer.Listener() { });

        assertThat(first.metadata().testAccuracy()).as("chance is 0.10").isGreaterThan(0.5);
        var storedLayout = new MultiLayerNetwork(Architecture.CNN_BN.configuration(config, config.iterationsPerEpoch(1500)));
        storedLayout.init();
        assertThat(first.network().getLayerWiseConfigurations().toJson()).doesNotContain("NHWC")
                .isEqualTo(storedLayout.getLayerWiseConfigurations().toJson());
        // what was recorded is what the stored network scores, on DL4J's path and on the NHWC serving path
        assertThat(Evaluation.of(first.predictor(), test).accuracy()).isEqualTo(first.metadata().testAccuracy());
        Predictor serving = Predictor.forServing(first.network(), ModelMetadata.Input.FASHION_MNIST.scale());
        assertThat(Evaluation.of(serving, test).accuracy()).isCloseTo(first.metadata().testAccuracy(), offset(0.002));
        assertThat(second.metadata().networkSha256()).isEqualTo(first.metadata().networkSha256());
    }

    @Test
    void shouldKeepTheBestEpochsParametersNotTheLast() {
        // A learning rate this high makes later epochs diverge, so the best epoch is early.
        TrainingConfig config = Architecture.MLP.defaults().withEpochs(4).withValidationSize(500).withLearningRate(0.5);

        ModelArtifact artifact = TrainingJob.run(config, train, test, files, new Trainer.Listener() { });

        ModelMetadata m = artifact.metadata();
        EpochStats best = m.history().get(m.bestEpoch() - 1);
        assertThat(best.validationAccuracy()).isEqualTo(
                m.history().stream().mapToDouble(EpochStats::validationAccuracy).max().orElseThrow());
    }

    @Test
    void shouldKeepWhicheverOfTheWeightsAndTheirAverageScoresBetterOnValidation() {
        // A high constant rate keeps the weights noisy, so their average scores better in some epoch.
        TrainingConfig config = Architecture.MLP.defaults().withEpochs(3).withLearningRate(0.01).withWeightAveraging(0.99);
        LabelledImages validation = train.slice(3500, 4000);

        Trainer.Result result = new Trainer(config).train(train.slice(0, 3500), validation, new Trainer.Listener() { });

        assertThat(result.history()).allSatisfy(e -> assertThat(e.averagedValidationAccuracy()).isNotNull())
                .anyMatch(EpochStats::averagedIsBetter);
        EpochStats best = result.history().get(result.bestEpoch() - 1);
        assertThat(best.bestValidationAccuracy()).isEqualTo(result.history().stream()
                .mapToDouble(EpochStats::bestValidationAccuracy).max().orElseThrow());
        // the network handed back is the weight set that scored that, averaged or not
        assertThat(Evaluation.of(new Predictor(result.network(),
                ModelMetadata.Input.FASHION_MNIST.scale()), validation).accuracy()).isEqualTo(best.bestValidationAccuracy());
    }

    @Test
    void shouldMakeTheNetworkLessSureOfItselfWithLabelSmoothing() {
        TrainingConfig config = Architecture.MLP.defaults().withEpochs(2).withValidationSize(500);

        double plain = meanTopProbability(TrainingJob.run(config, train, test, files, new Trainer.Listener() { }));
        double smoothed = meanTopProbability(TrainingJob.run(config.withLabelSmoothing(0.3), train, test, files,
                new Trainer.Listener() { }));

        assertThat(smoothed).as("targets of 0.73 instead of 1 cap the confidence the loss rewards")
                .isLessThan(plain - 0.05).isLessThan(0.85);
    }

    private static double meanTopProbability(ModelArtifact artifact) {
        float[] p = artifact.predictor().predict(test.pixels(), 0, test.size());
        double sum = 0;
        for (int i = 0; i < test.size(); i++) {
            sum += p[i * 10 + Predictor.argmax(p, i * 10)];
        }
        return sum / test.size();
    }
}
