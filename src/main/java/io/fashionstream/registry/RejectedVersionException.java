package io.fashionstream.registry;

/** A version or control record from the models topic that failed a check; the message says which and why. */
public final class RejectedVersionException extends RuntimeException {
    private final RejectReason reason;

    public RejectedVersionException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectedVersionException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
