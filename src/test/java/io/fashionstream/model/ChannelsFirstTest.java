package io.fashionstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.inference.Predictor;

/** The channels-last network {@code cnn-bn} trains as, and the channels-first copy it is stored as. */
class ChannelsFirstTest {
    static LabelledImages images;

    @BeforeAll
    static void loadData() {
        NativeRuntime.init();
        images = DatasetLocator.standard(Optional.empty()).locate().train().slice(0, 512);
    }

    @Test
    void shouldComputeWhatTheChannelsLastNetworkComputesOnRealImages() {
        TrainingConfig config = Architecture.CNN_BN.defaults();
        MultiLayerNetwork trained = new MultiLayerNetwork(Architecture.CNN_BN.trainingConfiguration(config, 100));
        trained.init();
        // a few steps so that the batch-norm statistics and every weight are far from their initial values
        DataSet batch = new DataSet(pixels(images, true), labels(images));
        for (int i = 0; i < 5; i++) {
            trained.fit(batch);
        }

        MultiLayerNetwork stored = ChannelsFirst.of(trained, Architecture.CNN_BN.configuration(config));

        INDArray expected = trained.output(pixels(images, true), false);
        INDArray actual = stored.output(pixels(images, false), false);
        assertThat(expected.sub(actual).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(actual.argMax(1)).isEqualTo(expected.argMax(1));
        // and the untouched twin would not: the copy is what makes them agree
        var fresh = new MultiLayerNetwork(Architecture.CNN_BN.configuration(config));
        fresh.init();
        INDArray untouched = fresh.output(pixels(images, false), false);
        assertThat(expected.sub(untouched).amaxNumber().doubleValue()).isGreaterThan(0.01);
    }

    @Test
    void shouldNameTheLayerWhenTheNetworksDoNotLineUp() {
        TrainingConfig config = Architecture.CNN_BN.defaults();
        MultiLayerNetwork trained = new MultiLayerNetwork(Architecture.CNN_BN.trainingConfiguration(config, 100));
        trained.init();

        assertThatThrownBy(() -> ChannelsFirst.of(trained, Architecture.CNN.configuration(Architecture.CNN.defaults())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers");
    }

    private static INDArray pixels(LabelledImages data, boolean channelsLast) {
        float[] f = new float[data.size() * Predictor.PIXELS];
        for (int i = 0; i < f.length; i++) {
            f[i] = (data.pixels()[i] & 0xff) / 255f;
        }
        long[] shape = channelsLast ? new long[] {data.size(), 28, 28, 1} : new long[] {data.size(), Predictor.PIXELS};
        return Nd4j.create(f, shape, 'c');
    }

    private static INDArray labels(LabelledImages data) {
        INDArray y = Nd4j.zeros(data.size(), Predictor.CLASSES);
        for (int i = 0; i < data.size(); i++) {
            y.putScalar(i, data.label(i), 1);
        }
        return y;
    }
}
