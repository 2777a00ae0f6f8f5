package io.fashionstream.inference;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.XwPlusB;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs an {@link NhwcNetwork} by calling ND4J's native conv2d / maxpool2d / xw_plus_b / softmax ops directly
 * (oneDNN kernels where enabled) on buffers allocated once: nothing is allocated per image, and the ops and
 * array views for each batch size are built on first use and then reused, because per-call views leak native
 * memory until the garbage collector runs. Batches larger than {@code maxChunk} run in chunks of that size.
 * Not thread-safe: give each thread its own runner ({@link #copy()}); copies share the read-only weights.
 */
final class NhwcRunner {
    private final NhwcNetwork network;
    private final int maxChunk;
    private final int inputSize;
    private final int outputSize;
    /** One full-size buffer per stage output (in-place stages get none); index 0 is the input. */
    private final List<INDArray> buffers = new ArrayList<>();
    private final FloatBuffer input;
    private final FloatBuffer output;
    private final float[] scratch;
    /** {@code plans[n]}: the ops for a chunk of n images, built on first use. */
    private final Runnable[][] plans;

    NhwcRunner(NhwcNetwork network, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("Chunk size must be at least 1. Got: " + maxChunk);
        }
        this.network = network;
        this.maxChunk = maxChunk;
        this.inputSize = network.inputSize();
        this.outputSize = network.outputSize();
        this.scratch = new float[maxChunk * inputSize];
        this.plans = new Runnable[maxChunk + 1][];
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            buffers.add(Nd4j.createUninitialized(DataType.FLOAT, maxChunk, network.height(), network.width(), network.channels()));
            for (NhwcNetwork.Stage stage : network.stages()) {
                long[] shape = null;
                if (stage instanceof NhwcNetwork.Conv c) {
                    shape = new long[] {maxChunk, c.outH(), c.outW(), c.outC()};
                } else if (stage instanceof NhwcNetwork.MaxPool p) {
                    shape = new long[] {maxChunk, p.outH(), p.outW(), p.outC()};
                } else if (stage instanceof NhwcNetwork.Dense d) {
                    shape = new long[] {maxChunk, d.outputs()};
                }
                if (shape != null) {
                    buffers.add(Nd4j.createUninitialized(DataType.FLOAT, shape));
                }
            }
        }
        this.input = floats(buffers.get(0));
        this.output = floats(buffers.get(buffers.size() - 1));
    }

    /** A runner for another thread: same weights, its own buffers. */
    NhwcRunner copy() {
        return new NhwcRunner(network, maxChunk);
    }

    int maxChunk() {
        return maxChunk;
    }

    /** Same contract as {@link Predictor#predict(byte[], int, int)}. */
    float[] predict(byte[] pixels, int offsetImages, int count, float inputScale) {
        float[] result = new float[count * outputSize];
        for (int done = 0; done < count; done += maxChunk) {
            int n = Math.min(maxChunk, count - done);
            int base = (offsetImages + done) * inputSize;
            int len = n * inputSize;
            for (int i = 0; i < len; i++) {
                scratch[i] = (pixels[base + i] & 0xff) * inputScale;
            }
            input.put(0, scratch, 0, len);
            for (Runnable op : plan(n)) {
                op.run();
            }
            output.get(0, result, done * outputSize, n * outputSize);
        }
        return result;
    }

    private Runnable[] plan(int n) {
        Runnable[] plan = plans[n];
        if (plan == null) {
            plan = build(n);
            plans[n] = plan;
        }
        return plan;
    }

    /** The op sequence for n images, on views of the first n rows of each buffer (all buffers are c-order, batch first). */
    private Runnable[] build(int n) {
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            List<Runnable> ops = new ArrayList<>();
            int b = 0;
            INDArray current = rows(buffers.get(0), n);
            for (NhwcNetwork.Stage stage : network.stages()) {
                if (stage instanceof NhwcNetwork.Conv c) {
                    INDArray out = rows(buffers.get(++b), n);
                    ops.add(prepared(new Conv2D(current, c.weights(), c.bias(), out, convConfig(c))));
                    current = out;
                } else if (stage instanceof NhwcNetwork.MaxPool p) {
                    INDArray out = rows(buffers.get(++b), n);
                    ops.add(prepared(new MaxPooling2D(current, out, poolConfig(p))));
                    current = out;
                } else if (stage instanceof NhwcNetwork.Relu) {
                    Op relu = new RectifiedLinear(current, current);
                    ops.add(() -> Nd4j.exec(relu));
                } else if (stage instanceof NhwcNetwork.Dense d) {
                    INDArray in = d.flatten() ? current.reshape('c', n, current.length() / n) : current;
                    INDArray out = rows(buffers.get(++b), n);
                    ops.add(prepared(new XwPlusB(new INDArray[] {in, d.weights(), d.bias()}, out)));
                    current = out;
                } else if (stage instanceof NhwcNetwork.Softmax) {
                    ops.add(prepared(new SoftMax(current, current, -1)));
                }
            }
            return ops.toArray(Runnable[]::new);
        }
    }

    /**
     * The op bound to a native context that already holds its arrays and arguments: running it is one JNI
     * call, where {@code Nd4j.exec(op)} would build and free a context on every call.
     */
    private static Runnable prepared(DynamicCustomOp op) {
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(op.inputArguments());
        context.setOutputArrays(op.outputArguments());
        context.setIArguments(op.iArgs());
        context.setTArguments(op.tArgs());
        context.setBArguments(op.bArgs());
        context.setDArguments(op.dArgs());
        return () -> Nd4j.getExecutioner().exec(op, context);
    }

    /** A view of the first n rows of a batch-first c-order buffer: same data pointer, shape with n rows. */
    private static INDArray rows(INDArray buffer, int n) {
        if (n == buffer.size(0)) {
            return buffer;
        }
        long[] shape = buffer.shape().clone();
        shape[0] = n;
        return Nd4j.create(buffer.data(), shape, buffer.stride(), 0, 'c');
    }

    private static Conv2DConfig convConfig(NhwcNetwork.Conv c) {
        return Conv2DConfig.builder().kH(c.kH()).kW(c.kW()).sH(c.sH()).sW(c.sW()).pH(c.pH()).pW(c.pW()).dH(1).dW(1)
                .paddingMode(c.same() ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NHWC").weightsFormat(WeightsFormat.YXIO).build();
    }

    private static Pooling2DConfig poolConfig(NhwcNetwork.MaxPool p) {
        return Pooling2DConfig.builder().kH(p.kH()).kW(p.kW()).sH(p.sH()).sW(p.sW()).pH(0).pW(0).dH(1).dW(1)
                .type(Pooling2D.Pooling2DType.MAX).paddingMode(p.same() ? PaddingMode.SAME : PaddingMode.VALID)
                .isNHWC(true).build();
    }

    private static FloatBuffer floats(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
