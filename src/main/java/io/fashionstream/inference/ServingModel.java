package io.fashionstream.inference;

import java.util.Objects;

/**
 * A model version ready to serve: its version id and a warmed-up {@link Predictor}. The threads that run batches
 * (stream threads, or a {@link BatchRunner}'s inference threads) call {@link #predictor()} and each gets its own
 * copy of the network (DL4J networks are not thread-safe);
 * the copy is made on a thread's first call. The constructor switches to the fast serving path
 * ({@link Predictor#forServing}) after checking it against the network as trained, so creating a
 * {@code ServingModel} takes a moment; {@link #asTrained} keeps the network as trained (the per-record
 * baseline of the benchmark). Thread-safe.
 */
public final class ServingModel {
    private final String version;
    private final double testAccuracy;
    private final Predictor prototype;
    private final ThreadLocal<Predictor> perThread;

    /**
     * Serves {@code warmed}'s network on the fastest checked path. {@code warmed} must not be used by the
     * caller afterwards; it becomes the prototype that threads copy.
     */
    public ServingModel(String version, double testAccuracy, Predictor warmed) {
        this(version, testAccuracy, warmed, true);
    }

    private ServingModel(String version, double testAccuracy, Predictor warmed, boolean fastest) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("Model version must not be blank. Got: " + version);
        }
        Objects.requireNonNull(warmed, "warmed");
        this.version = version;
        this.testAccuracy = testAccuracy;
        this.prototype = fastest && !warmed.servingPath()
                ? Predictor.forServing(warmed.network(), warmed.inputScale()) : warmed;
        this.perThread = ThreadLocal.withInitial(this::copyOfPrototype);
    }

    /** Serves {@code warmed} exactly as given (for a plain predictor: DL4J's {@code output()} on the network as trained). */
    public static ServingModel asTrained(String version, double testAccuracy, Predictor warmed) {
        return new ServingModel(version, testAccuracy, warmed, false);
    }

    private synchronized Predictor copyOfPrototype() {
        return prototype.copy();
    }

    public String version() {
        return version;
    }

    /** The test accuracy recorded in the model's metadata (0..1), or NaN if unknown. */
    public double testAccuracy() {
        return testAccuracy;
    }

    /** This thread's own predictor for this version. */
    public Predictor predictor() {
        return perThread.get();
    }

    /** Whether threads get the NHWC serving path (false: the network as trained). */
    public boolean servingPath() {
        return prototype.servingPath();
    }

    @Override
    public String toString() {
        return "ServingModel[" + version + (servingPath() ? ", nhwc" : "") + "]";
    }
}
