package io.fashionstream.registry;

/**
 * Registry version numbers: positive integers assigned by the publisher, strictly increasing on a topic.
 * Shown and accepted as {@code v<N>} (e.g. {@code v3}); predictions carry this name as their model version.
 */
public final class ModelVersion {
    private ModelVersion() {
    }

    /** The display name of version {@code n}, e.g. {@code v3}. */
    public static String name(int n) {
        return "v" + check(n);
    }

    /** Parses {@code 3} or {@code v3}; the message names the bad text. */
    public static int parse(String text) {
        String t = text == null ? "" : text.trim();
        String digits = t.startsWith("v") || t.startsWith("V") ? t.substring(1) : t;
        if (!digits.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("Not a model version: '" + text + "' (expected e.g. 3 or v3)");
        }
        return check(Integer.parseInt(digits));
    }

    static int check(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Model version must be at least 1. Got: " + n);
        }
        return n;
    }
}
