package io.fashionstream.kafka;

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

    private Topics() {
    }
}
