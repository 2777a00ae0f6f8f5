package io.fashionstream.data;

/**
 * A value that cannot be turned into a 28x28 image, with a stable machine-readable {@link Reason} and a
 * message for people that says what was wrong with this value (sizes, formats).
 */
public final class ImageRejectedException extends RuntimeException {

    /** Why an image was refused; {@link #code()} is stable and used as a dead-letter reason and metric tag. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY("empty"),
        /** Not 784 raw bytes and not in a supported image format. */
        NOT_AN_IMAGE("not_an_image"),
        /** A supported format whose data is corrupt or truncated. */
        UNDECODABLE("undecodable"),
        /** Declared dimensions that cannot make a 28x28 picture (a zero side, or an aspect ratio above 28:1). */
        WRONG_SIZE("wrong_size"),
        /** Encoded bytes or declared pixel count above the configured {@link DecodeLimits}. */
        TOO_LARGE("too_large");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
