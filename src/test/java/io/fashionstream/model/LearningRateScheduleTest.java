package io.fashionstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import io.fashionstream.data.DatasetFiles;
import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;

class LearningRateScheduleTest {

    @Test
    void shouldDecayLinearlyFromTheInitialRateTowardsZero() {
        long total = 3010;
        double first = LearningRateSchedule.LINEAR.rateAt(2e-3, 0, total);
        double middle = LearningRateSchedule.LINEAR.rateAt(2e-3, total / 2, total);
        double last = LearningRateSchedule.LINEAR.rateAt(2e-3, total - 1, total);

        assertThat(first).isEqualTo(2e-3);
        assertThat(middle).isCloseTo(1e-3, within(2e-5));
        assertThat(last).isCloseTo(2e-5, within(1e-9));
        double previous = first;
        for (long i = 1; i < total; i++) {
            double rate = LearningRateSchedule.LINEAR.rateAt(2e-3, i, total);
            assertThat(rate).as("iteration %d", i).isLessThanOrEqualTo(previous).isPositive();
            previous = rate;
        }
    }

    @Test
    void shouldKeepAConstantRateConstant() {
        assertThat(LearningRateSchedule.CONSTANT.rateAt(1e-3, 5000, 6000)).isEqualTo(1e-3);
    }

    @Test
    void shouldMoveTheRateTheNetworkTrainsWithNotOnlyTheReportedOne() {
        // Epoch-based DL4J schedules never advance under fit(DataSet): the trained network's own rate is checked.
        DatasetFiles files = DatasetLocator.standard(Optional.empty()).locate();
        LabelledImages train = files.train().slice(0, 1200);
        TrainingConfig config = Architecture.MLP.defaults().withSchedule(LearningRateSchedule.LINEAR).withEpochs(2)
                .withBatchSize(100).withValidationSize(200);

        Trainer.Result result = new Trainer(config).train(train, new Trainer.Listener() { });

        MultiLayerNetwork net = result.network();
        long total = 2 * config.iterationsPerEpoch(1000);
        assertThat(net.getIterationCount()).isEqualTo((int) total);
        assertThat(net.getLearningRate(0)).isEqualTo(LearningRateSchedule.LINEAR.rateAt(1e-3, total, total))
                .isLessThan(1e-3 / 10);
        assertThat(result.history().get(1).learningRate())
                .isEqualTo(LearningRateSchedule.LINEAR.rateAt(1e-3, total / 2, total)).isLessThan(1e-3);
    }

    @Test
    void shouldNameTheValidSchedulesForAnUnknownOne() {
        assertThatThrownBy(() -> LearningRateSchedule.fromId("cosine"))
                .hasMessage("Unknown learning-rate schedule 'cosine'. Valid: [constant, linear]");
    }

    @Test
    void shouldReadTheHyperParametersOfArtifactsWrittenBeforeSchedules() throws Exception {
        String old = """
                {"epochs":7,"batchSize":128,"learningRate":0.002,"learningRateDecay":0.75,"augment":true,
                 "validationSize":5000,"seed":42,"maxSeconds":1800,"optimizer":"adam","loss":"cross-entropy"}""";

        var h = ModelArtifact.JSON.readValue(old, ModelMetadata.HyperParameters.class);

        assertThat(h.learningRateSchedule()).isNull();
        assertThat(h.describeLearningRate()).isEqualTo("0.002 (x0.75 per epoch)");
        assertThat(ModelMetadata.HyperParameters.of(Architecture.CNN_BN.defaults()).describeLearningRate())
                .isEqualTo("0.002, linear decay");
        assertThat(ModelArtifact.JSON.writeValueAsString(ModelMetadata.HyperParameters.of(Architecture.CNN.defaults())))
                .doesNotContain("learningRateDecay").contains("\"learningRateSchedule\" : \"constant\"");
    }
}
