package io.fashionstream.inference;

import java.util.Objects;

/**
 * A model version ready to serve: its version id and a warmed-up {@link Predictor}. Stream threads call
 * {@link #predictor()} and each gets its own copy of the network (DL4J networks are not thread-safe);
 * the copy is made on a thread's first call. Thread-safe.
 */
public final class ServingModel {
    private final String version;
    private final double testAccuracy;
    private final Predictor prototype;
    private final ThreadLocal<Predictor> perThread;

    /** {@code warmed} must not be used by the caller afterwards; it becomes the prototype that threads copy. */
    public ServingModel(String version, double testAccuracy, Predictor warmed) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("Model version must not be blank. Got: " + version);
        }
        this.version = version;
        this.testAccuracy = testAccuracy;
        this.prototype = Objects.requireNonNull(warmed, "warmed");
        this.perThread = ThreadLocal.withInitial(this::copyOfPrototype);
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

    @Override
    public String toString() {
        return "ServingModel[" + version + "]";
    }
}
