package io.fashionstream.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares ND4J's native backend once per JVM: turns on DL4J's oneDNN layer helpers (off by default in
 * 1.0.0-M2.1, and broken without the {@code org.nd4j.nativeblas.Nd4jCpu} shim) and checks that a
 * convolution layer really got one, instead of trusting the flag. Call {@link #init()} before building
 * or loading any network. Thread-safe.
 */
public final class NativeRuntime {
    private static final Logger log = LoggerFactory.getLogger(NativeRuntime.class);
    private static final AtomicBoolean initialised = new AtomicBoolean();
    private static volatile Status status;

    /** What {@link #init()} found: whether oneDNN serves conv/pool layers, and the backend's own description. */
    public record Status(boolean oneDnnLayers, String helper, String backend, int ompThreads) {
        public String describe() {
            return backend + ", OpenMP threads " + ompThreads + ", conv/pool layers: "
                    + (oneDnnLayers ? "oneDNN (" + helper + ")" : "built-in (slow path: " + helper + ")");
        }
    }

    private NativeRuntime() {
    }

    /** Idempotent; returns what the start-up check found. */
    public static Status init() {
        if (initialised.compareAndSet(false, true)) {
            if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
                System.setProperty("org.bytedeco.javacpp.cachedir",
                        Path.of(System.getProperty("user.home"), ".cache", "fashion-stream", "javacpp").toString());
            }
            System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
            Nd4j.getEnvironment().allowHelpers(true);
            status = check();
            if (status.oneDnnLayers()) {
                log.info("ND4J ready: {}", status.describe());
            } else {
                log.warn("ND4J ready without oneDNN layer helpers, CNNs will be several times slower: {}", status.describe());
            }
        }
        while (status == null) {
            Thread.onSpinWait();
        }
        return status;
    }

    /** The result of the start-up check, or {@code null} before {@link #init()}. */
    public static Status status() {
        return status;
    }

    private static Status check() {
        var conf = new NeuralNetConfiguration.Builder().list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(2)
                        .activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        net.output(Nd4j.zeros(1, 1, 6, 6));
        LayerHelper helper = ((ConvolutionLayer) net.getLayer(0)).getHelper();
        String name = helper == null ? "none" : helper.getClass().getSimpleName();
        boolean oneDnn = helper != null && name.startsWith("MKLDNN");
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = env.getProperty("backend", "?") + " " + env.getProperty("blas.vendor", "");
        int omp = Integer.parseInt(String.valueOf(env.getOrDefault("omp.threads", "0")));
        return new Status(oneDnn, name, backend.trim(), omp);
    }

    /** Names of the layer helpers a network's layers use, for diagnostics (e.g. {@code [MKLDNNConvHelper, null]}). */
    public static List<String> helpers(MultiLayerNetwork net) {
        List<String> names = new ArrayList<>();
        for (var layer : net.getLayers()) {
            LayerHelper h = layer instanceof org.deeplearning4j.nn.layers.AbstractLayer<?> a ? helperOf(a) : null;
            names.add(h == null ? "-" : h.getClass().getSimpleName());
        }
        return names;
    }

    private static LayerHelper helperOf(org.deeplearning4j.nn.layers.AbstractLayer<?> layer) {
        try {
            var m = layer.getClass().getMethod("getHelper");
            return (LayerHelper) m.invoke(layer);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }
}
