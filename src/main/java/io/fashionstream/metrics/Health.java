package io.fashionstream.metrics;

import java.util.Objects;

/**
 * The answer of a readiness check: ready, or not ready with a short reason a person can act on
 * (e.g. "no model loaded", "Kafka Streams is REBALANCING").
 */
public record Health(boolean ready, String reason) {

    private static final Health UP = new Health(true, "ready");

    public Health {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("A health reason may not be blank");
        }
    }

    public static Health up() {
        return UP;
    }

    public static Health down(String reason) {
        return new Health(false, reason);
    }
}
