package io.fashionstream.data;

/**
 * A data file or image that is missing, corrupt, truncated or inconsistent; the message names the file
 * and what is wrong, and is meant to be shown to the user as is.
 */
public class DataFormatException extends RuntimeException {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
