package io.fashionstream.model;

/** An artifact that is not one, is corrupt, or fails its digest check; the message says which and why. */
public class InvalidModelException extends RuntimeException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
