package io.fashionstream.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which version serves, as a pure function of the verified events in log order and the instance's
 * policy, so every instance that read the same topic agrees, and a restarted one arrives where the running
 * ones are. It replays a <em>serving history</em>, a stack whose top is the version to serve:
 * <ul>
 *   <li>a published version is pushed when the policy takes it: {@code latest} always, {@code best} when its
 *       test accuracy beats every earlier verified version's (or nothing serves yet), a pin when it is the
 *       pinned version;</li>
 *   <li>{@code promote N} pushes {@code N} if {@code N} was published (and verified) earlier in the log;
 *       otherwise it is ignored;</li>
 *   <li>{@code rollback} pops the top, returning to the version that served before the current one took over
 *       (by a publish or a promote); repeated rollbacks walk further back; with nothing underneath it is ignored;</li>
 *   <li>a push of the version already on top changes nothing; a pinned instance ignores control records.</li>
 * </ul>
 * A version rejected at any point (verification or loading) never appears in the events, so the history is
 * computed as if it had never been published.
 */
public final class VersionSelector {
    private VersionSelector() {
    }

    /** The outcome of a replay: the serving history, oldest first (empty while no version qualifies). */
    public record Selection(List<Integer> history) {
        public Selection {
            history = List.copyOf(history);
        }

        /** The version to serve, or 0 when none. */
        public int serving() {
            return history.isEmpty() ? 0 : history.get(history.size() - 1);
        }

        /** The version a rollback would return to, or 0 when there is none. */
        public int previous() {
            return history.size() < 2 ? 0 : history.get(history.size() - 2);
        }
    }

    public static Selection select(List<RegistryEvent> events, ModelPolicy policy) {
        List<Integer> history = new ArrayList<>();
        Set<Integer> published = new HashSet<>();
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (RegistryEvent event : events) {
            if (event instanceof RegistryEvent.Published p) {
                published.add(p.version());
                boolean take = switch (policy.kind()) {
                    case LATEST -> true;
                    // a version without a recorded accuracy (NaN) still serves when nothing else has
                    case BEST -> p.testAccuracy() > bestAccuracy || history.isEmpty();
                    case PINNED -> p.version() == policy.pinned();
                };
                if (!Double.isNaN(p.testAccuracy())) {
                    bestAccuracy = Math.max(bestAccuracy, p.testAccuracy());
                }
                if (take) {
                    push(history, p.version());
                }
            } else if (event instanceof RegistryEvent.Control c && policy.kind() != ModelPolicy.Kind.PINNED) {
                ControlRecord r = c.record();
                if (r.action() == ControlRecord.Action.PROMOTE && published.contains(r.version())) {
                    push(history, r.version());
                } else if (r.action() == ControlRecord.Action.ROLLBACK && history.size() > 1) {
                    history.remove(history.size() - 1);
                }
            }
        }
        return new Selection(history);
    }

    private static void push(List<Integer> history, int version) {
        if (history.isEmpty() || history.get(history.size() - 1) != version) {
            history.add(version);
        }
    }
}
