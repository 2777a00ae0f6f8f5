package io.fashionstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.model.Architecture;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.ModelMetadata;
import io.fashionstream.model.Trainer;

/** The NHWC serving path must compute what the trained network computes, on real Fashion-MNIST test images. */
class ServingPathTest {
    private static final float SCALE = ModelMetadata.Input.FASHION_MNIST.scale();
    private static LabelledImages test;
    private static LabelledImages train;

    @BeforeAll
    static void data() {
        NativeRuntime.init();
        var files = DatasetLocator.standard(Optional.empty()).locate();
        test = files.test().slice(0, 300);
        train = files.train().slice(0, 1_000);
    }

    static Stream<Arguments> networks() {
        return Stream.of(Architecture.CNN, Architecture.CNN_BN).flatMap(a -> Stream.of(
                Arguments.of(a, "freshly initialised"), Arguments.of(a, "trained one epoch")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networks")
    void shouldGiveTheTrainedNetworksProbabilitiesOnTestImages(Architecture arch, String state) {
        MultiLayerNetwork net = state.startsWith("fresh") ? fresh(arch) : trainedOneEpoch(arch);

        Predictor serving = Predictor.forServing(net, SCALE);

        assertThat(serving.servingPath()).as("the CNN is served on the NHWC path").isTrue();
        assertSameAsTrained(new Predictor(net, SCALE), serving, test);
    }

    @ParameterizedTest(name = "batch of {0} (chunks of 16)")
    @ValueSource(ints = {1, 7, 16, 17, 45})
    void shouldGiveTheSameProbabilitiesForAnyBatchSizeAndChunking(int batch) {
        MultiLayerNetwork net = fresh(Architecture.CNN_BN);
        Predictor plain = new Predictor(net, SCALE);
        Predictor serving = Predictor.forServing(net, SCALE, 16);

        float[] expected = plain.predict(test.pixels(), 3, batch);
        float[] actual = serving.predict(test.pixels(), 3, batch);
        float[] again = serving.predict(test.pixels(), 3, batch);

        assertThat(CheckImages.diff(expected, actual)).isLessThanOrEqualTo(Predictor.SERVING_TOLERANCE);
        assertThat(again).as("buffers are reused without leftovers").containsExactly(actual);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Architecture.class)
    void shouldGiveEachThreadsCopyTheSameResults(Architecture arch) {
        Predictor serving = Predictor.forServing(fresh(arch), SCALE);
        Predictor copy = serving.copy();

        assertThat(copy.servingPath()).isEqualTo(serving.servingPath());
        assertThat(copy.predict(test.pixels(), 0, 20)).containsExactly(serving.predict(test.pixels(), 0, 20));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Architecture.class)
    void shouldServeTheMlpAsTrainedAndTheCnnsOnTheFastPath(Architecture arch) {
        ServingModel model = new ServingModel("v1", 0.9, new Predictor(fresh(arch), SCALE));
        ServingModel baseline = ServingModel.asTrained("v1", 0.9, new Predictor(fresh(arch), SCALE));

        assertThat(model.servingPath()).isEqualTo(arch != Architecture.MLP);
        assertThat(baseline.servingPath()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cnn-bn.fsmodel", "cnn.fsmodel"})
    void shouldServeTheShippedModelsOnTheFastPathWithTheirPredictions(String file) {
        Path artifact = Path.of(System.getProperty("user.dir"), "models", file);
        assumeTrue(Files.isRegularFile(artifact), "shipped model " + artifact + " not present yet");
        ModelArtifact model = ModelArtifact.load(artifact);

        Predictor serving = Predictor.forServing(model.network(), model.metadata().input().scale());

        assertThat(serving.servingPath()).isTrue();
        assertSameAsTrained(model.predictor(), serving, files().test());
    }

    private static void assertSameAsTrained(Predictor trained, Predictor serving, LabelledImages images) {
        int n = images.size();
        float[] expected = new float[n * Predictor.CLASSES];
        float[] actual = new float[n * Predictor.CLASSES];
        for (int from = 0; from < n; from += 100) {
            int count = Math.min(100, n - from);
            System.arraycopy(trained.predict(images.pixels(), from, count), 0, expected, from * 10, count * 10);
            System.arraycopy(serving.predict(images.pixels(), from, count), 0, actual, from * 10, count * 10);
        }
        assertThat(CheckImages.diff(expected, actual)).as("max |p_serving - p_trained|")
                .isLessThanOrEqualTo(Predictor.SERVING_TOLERANCE);
        for (int i = 0; i < n; i++) {
            if (topTwoGap(expected, i * 10) > 2 * Predictor.SERVING_TOLERANCE) {
                assertThat(Predictor.argmax(actual, i * 10)).as("class of test image %d", i)
                        .isEqualTo(Predictor.argmax(expected, i * 10));
            }
        }
    }

    private static double topTwoGap(float[] p, int offset) {
        float best = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < Predictor.CLASSES; c++) {
            float v = p[offset + c];
            if (v > best) {
                second = best;
                best = v;
            } else if (v > second) {
                second = v;
            }
        }
        return best - second;
    }

    private static io.fashionstream.data.DatasetFiles files() {
        return DatasetLocator.standard(Optional.empty()).locate();
    }

    private static MultiLayerNetwork fresh(Architecture arch) {
        Nd4j.getRandom().setSeed(7);
        var net = new MultiLayerNetwork(arch.configuration(arch.defaults()));
        net.init();
        return net;
    }

    private static MultiLayerNetwork trainedOneEpoch(Architecture arch) {
        var config = arch.defaults().withEpochs(1).withValidationSize(200);
        return new Trainer(config).train(train, new Trainer.Listener() { }).network();
    }
}
