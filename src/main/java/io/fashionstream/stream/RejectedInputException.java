package io.fashionstream.stream;

/** An input record that cannot be classified; it goes to the dead-letter topic with this reason and message. */
final class RejectedInputException extends RuntimeException {
    private final DeadLetterReason reason;

    RejectedInputException(DeadLetterReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
