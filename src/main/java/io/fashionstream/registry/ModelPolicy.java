package io.fashionstream.registry;

/**
 * Which version an instance serves when nothing else is said: {@code latest} (the default) moves to each
 * new verified version, {@code best} only to a version with a higher test accuracy than every earlier one,
 * and a pinned version serves exactly that version and ignores fleet control records. See
 * {@link VersionSelector} for how control records act on {@code latest} and {@code best}.
 *
 * @param pinned the pinned version for {@link Kind#PINNED}, else 0
 */
public record ModelPolicy(Kind kind, int pinned) {
    public static final ModelPolicy LATEST = new ModelPolicy(Kind.LATEST, 0);
    public static final ModelPolicy BEST = new ModelPolicy(Kind.BEST, 0);

    public enum Kind { LATEST, BEST, PINNED }

    public ModelPolicy {
        if (kind == null) {
            throw new IllegalArgumentException("Model policy kind may not be null");
        }
        if ((kind == Kind.PINNED) != (pinned > 0)) {
            throw new IllegalArgumentException("A pinned version (>= 1) goes with PINNED and only with it. Got: "
                    + kind + " " + pinned);
        }
    }

    public static ModelPolicy pinned(int version) {
        return new ModelPolicy(Kind.PINNED, ModelVersion.check(version));
    }

    /** Parses {@code latest}, {@code best}, or a version ({@code 3} or {@code v3}). */
    public static ModelPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "latest" -> LATEST;
            case "best" -> BEST;
            default -> {
                try {
                    yield pinned(ModelVersion.parse(t));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Unknown model policy '" + text
                            + "'. Valid: latest, best, or a version such as 3 or v3");
                }
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LATEST -> "latest";
            case BEST -> "best";
            case PINNED -> ModelVersion.name(pinned);
        };
    }
}
