package io.fashionstream.inference;

/**
 * Where the classifier gets the model to serve. Processors call {@link #current()} once per batch, so a
 * swap takes effect between batches and a batch never mixes versions. Implementations: a fixed model
 * from a file, or the model registry following the models topic. Thread-safe.
 */
public interface ModelSource extends AutoCloseable {
    /** The version serving now, or {@code null} while none has been loaded yet. */
    ServingModel current();

    /** Whether a model is loaded (the classifier reports ready only then). */
    default boolean ready() {
        return current() != null;
    }

    @Override
    default void close() {
    }

    /** A source that always serves {@code model}. */
    static ModelSource fixed(ServingModel model) {
        return () -> model;
    }
}
