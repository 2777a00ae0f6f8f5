package io.fashionstream.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import io.fashionstream.data.DatasetFiles;
import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.model.Architecture;
import io.fashionstream.model.EpochStats;
import io.fashionstream.model.Evaluation;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.ModelMetadata;
import io.fashionstream.model.Trainer;
import io.fashionstream.model.TrainingJob;

/** Small real model artifacts for the registry tests: never a full training. */
final class ModelFixtures {
    private ModelFixtures() {
    }

    /** An untrained MLP (about 0.8 MB) whose weights depend on {@code seed}, recording {@code testAccuracy}. */
    static byte[] untrained(long seed, double testAccuracy) {
        NativeRuntime.init();
        var conf = Architecture.MLP.configuration(Architecture.MLP.defaults().withSeed(seed));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return ModelArtifact.of(net, metadata("mlp", testAccuracy)).toBytes();
    }

    /** A one-epoch MLP trained on 2000 real images (about a second), so its predictions mean something. */
    static byte[] trained(long seed) {
        DatasetFiles files = DatasetLocator.standard(Optional.empty()).locate();
        LabelledImages train = files.train().slice(0, 2000);
        LabelledImages test = files.test().slice(0, 500);
        var config = Architecture.MLP.defaults().withEpochs(1).withValidationSize(200).withSeed(seed);
        return TrainingJob.run(config, train, test, files, new Trainer.Listener() { }).toBytes();
    }

    /**
     * An untrained MLP with a {@code hidden}-wide dense layer: 784*hidden+hidden*10 float parameters, so
     * {@code hidden = 7200} gives an artifact of about 21 MB (random weights barely compress: about 7%).
     */
    static byte[] wide(int hidden) {
        NativeRuntime.init();
        var conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(784))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return ModelArtifact.of(net, metadata("mlp", Double.NaN)).toBytes();
    }

    static ModelMetadata metadata(String arch, double testAccuracy) {
        Evaluation eval = Evaluation.of(new int[] {0, 1}, new int[] {0, 1});
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, null, arch, "2026-01-02T03:04:05Z",
                ModelMetadata.HyperParameters.of(Architecture.fromId(arch).defaults()), ModelMetadata.Input.FASHION_MNIST,
                Map.of(), List.of(new EpochStats(1, 0.5, 0.8, 10, 100, 1e-3, null)), 1, testAccuracy, eval, 10, 100, "test", null);
    }
}
