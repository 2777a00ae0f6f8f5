package io.fashionstream.bench;

import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.model.Architecture;
import io.fashionstream.model.ModelArtifact;
import io.fashionstream.model.ModelMetadata;

/**
 * A network the benchmark runs, named by a spec: a model artifact file, or {@code fresh:<architecture>}
 * for a freshly initialised network (seeded; its predictions are meaningless but it costs exactly what the
 * trained one costs, so throughput numbers are the same).
 */
record BenchModel(String spec, String version, MultiLayerNetwork network, float inputScale, double testAccuracy) {
    static final String FRESH = "fresh:";

    static BenchModel load(String spec) {
        NativeRuntime.init();
        if (spec.startsWith(FRESH)) {
            Architecture arch = Architecture.fromId(spec.substring(FRESH.length()));
            Nd4j.getRandom().setSeed(42);
            MultiLayerNetwork net = new MultiLayerNetwork(arch.configuration(arch.defaults()));
            net.init();
            return new BenchModel(spec, arch.id() + "-fresh", net, ModelMetadata.Input.FASHION_MNIST.scale(), Double.NaN);
        }
        ModelArtifact artifact = ModelArtifact.load(Path.of(spec));
        return new BenchModel(spec, artifact.metadata().version(), artifact.network(),
                artifact.metadata().input().scale(), artifact.metadata().testAccuracy());
    }
}
