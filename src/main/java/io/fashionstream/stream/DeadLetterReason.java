package io.fashionstream.stream;

import io.fashionstream.data.ImageRejectedException;

/**
 * Why an input record went to the dead-letter topic. {@link #code()} is the stable value of the
 * {@code dlq.reason} header and of the metrics' reason tag; add codes, never rename them.
 */
public enum DeadLetterReason {
    /** Null or zero-length value. */
    EMPTY("empty"),
    /** Neither 784 raw bytes nor a PNG, JPEG, GIF or BMP file. */
    NOT_AN_IMAGE("not_an_image"),
    /** A supported image format, but corrupt or truncated. */
    UNDECODABLE("undecodable"),
    /** Image dimensions that cannot make a 28x28 picture. */
    WRONG_SIZE("wrong_size"),
    /** Value bytes or declared pixels above the decode limits. */
    TOO_LARGE("too_large"),
    /** A {@code label} header that is not one ASCII digit 0-9. */
    BAD_LABEL("bad_label"),
    /** A key that is not valid UTF-8 (the key is the image id). */
    BAD_KEY("bad_key");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason for an image the decoder refused. */
    public static DeadLetterReason of(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case EMPTY -> EMPTY;
            case NOT_AN_IMAGE -> NOT_AN_IMAGE;
            case UNDECODABLE -> UNDECODABLE;
            case WRONG_SIZE -> WRONG_SIZE;
            case TOO_LARGE -> TOO_LARGE;
        };
    }
}
