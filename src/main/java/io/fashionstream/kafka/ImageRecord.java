package io.fashionstream.kafka;

/**
 * One image to send to the images topic.
 *
 * @param key the image id, the record key
 * @param value 784 raw grayscale bytes or an encoded image file
 * @param label the true class 0-9 for the {@link Topics#LABEL_HEADER} header, or {@link #UNLABELLED}
 */
public record ImageRecord(String key, byte[] value, int label) {
    public static final int UNLABELLED = -1;

    public ImageRecord {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Image key may not be empty. Got: '" + key + "'");
        }
        if (value == null) {
            throw new IllegalArgumentException("Image value may not be null for key " + key);
        }
        if (label < UNLABELLED || label > 9) {
            throw new IllegalArgumentException("Label must be 0..9 or -1 (none). Got: " + label + " for key " + key);
        }
    }

    public boolean labelled() {
        return label != UNLABELLED;
    }
}
