package io.fashionstream.kafka;

import java.util.List;

/**
 * Every topic of the system, declared once; production code and tests use these constants. Names are
 * defaults: each service takes an option to override them.
 */
public final class Topics {
    /** Input: key = image id (UTF-8, optional), value = 784 raw grayscale bytes or an encoded image; header {@code label}. */
    public static final String IMAGES = "fashion.images";
    /** Output: key = image id, value = prediction JSON. */
    public static final String PREDICTIONS = "fashion.predictions";
    /** Records that could not be classified, with original key/value and reason headers. */
    public static final String DEAD_LETTERS = "fashion.images.dlq";
    /** Compacted topic of model versions and control records. */
    public static final String MODELS = "fashion.models";

    /** Header carrying the true class (ASCII digit 0-9) on input records. */
    public static final String LABEL_HEADER = "label";

    /**
     * Default partition counts. Images and predictions have 2 partitions so that two stream threads or
     * instances share the work (a partition is the unit of parallelism); dead letters and models need no
     * parallelism, and the models topic keeps one total order of versions.
     */
    public static final int IMAGES_PARTITIONS = 2;
    public static final int PREDICTIONS_PARTITIONS = 2;
    public static final int DEAD_LETTERS_PARTITIONS = 1;
    public static final int MODELS_PARTITIONS = 1;

    /** The images topic as created when missing. */
    public static TopicSpec images() {
        return TopicSpec.of(IMAGES, IMAGES_PARTITIONS);
    }

    /** The predictions topic as created when missing. */
    public static TopicSpec predictions() {
        return TopicSpec.of(PREDICTIONS, PREDICTIONS_PARTITIONS);
    }

    /**
     * Largest dead letter accepted: a dead letter carries the original value plus headers, so the topic takes
     * more than the broker's 1 MiB default that bounds the input (16 MiB + 64 KiB; the classifier's producer
     * is configured to match).
     */
    public static final int DEAD_LETTERS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 64 * 1024;

    /** The dead-letter topic as created when missing: sized for {@link #DEAD_LETTERS_MAX_MESSAGE_BYTES}. */
    public static TopicSpec deadLetters() {
        return TopicSpec.of(DEAD_LETTERS, DEAD_LETTERS_PARTITIONS)
                .withConfig("max.message.bytes", Integer.toString(DEAD_LETTERS_MAX_MESSAGE_BYTES));
    }

    /**
     * The models topic: compacted, one partition. Size limits for artifacts ({@code max.message.bytes})
     * are the model registry's decision; it adds them with {@link TopicSpec#withConfig}.
     */
    public static TopicSpec models() {
        return TopicSpec.of(MODELS, MODELS_PARTITIONS).withConfig("cleanup.policy", "compact");
    }

    /** Every topic of the system with its defaults, for the dev broker and {@link TopicAdmin#ensure}. */
    public static List<TopicSpec> all() {
        return List.of(images(), predictions(), deadLetters(), models());
    }

    private Topics() {
    }
}
