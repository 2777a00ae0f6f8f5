package io.fashionstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class VersionSelectorTest {
    private final List<RegistryEvent> log = new ArrayList<>();
    private int controls;

    @Test
    void shouldServeNothingBeforeTheFirstVersion() {
        assertThat(serving(ModelPolicy.LATEST)).isZero();
    }

    @Test
    void shouldFollowEachNewVersionUnderLatest() {
        publish(1, 0.80);
        publish(2, 0.70);
        publish(3, 0.75);

        assertThat(serving(ModelPolicy.LATEST)).isEqualTo(3);
    }

    @Test
    void shouldMoveOnlyToANewRecordAccuracyUnderBest() {
        publish(1, 0.80);
        publish(2, 0.85);
        publish(3, 0.82);

        assertThat(serving(ModelPolicy.BEST)).isEqualTo(2);
    }

    @Test
    void shouldServeAVersionWithoutRecordedAccuracyUnderBestOnlyUntilOneWithAccuracyArrives() {
        publish(1, Double.NaN);
        assertThat(serving(ModelPolicy.BEST)).isEqualTo(1);

        publish(2, 0.5);
        publish(3, Double.NaN);

        assertThat(serving(ModelPolicy.BEST)).isEqualTo(2);
    }

    @Test
    void shouldServeThePinnedVersionOnlyOnceItExists() {
        publish(1, 0.8);
        assertThat(serving(ModelPolicy.pinned(2))).isZero();

        publish(2, 0.7);
        publish(3, 0.9);
        promote(3);

        assertThat(serving(ModelPolicy.pinned(2))).as("a pinned instance ignores fleet control records").isEqualTo(2);
    }

    @Test
    void shouldServeAPromotedOlderVersionUntilTheNextPublish() {
        publish(1, 0.8);
        publish(2, 0.8);
        promote(1);
        assertThat(serving(ModelPolicy.LATEST)).isEqualTo(1);

        publish(3, 0.8);
        assertThat(serving(ModelPolicy.LATEST)).isEqualTo(3);
    }

    @Test
    void shouldRollBackToTheVersionThatServedBeforeTheCurrentOne() {
        publish(1, 0.8);
        publish(2, 0.8);
        publish(3, 0.8);

        rollback();
        assertThat(selection(ModelPolicy.LATEST).history()).containsExactly(1, 2);

        rollback();
        assertThat(serving(ModelPolicy.LATEST)).as("repeated rollbacks walk further back").isEqualTo(1);

        rollback();
        assertThat(serving(ModelPolicy.LATEST)).as("nothing before v1: the rollback is ignored").isEqualTo(1);
    }

    @Test
    void shouldRollBackAPromoteToWhatServedBeforeIt() {
        publish(1, 0.8);
        publish(2, 0.8);
        publish(3, 0.8);
        promote(1);

        rollback();

        assertThat(serving(ModelPolicy.LATEST)).isEqualTo(3);
    }

    @Test
    void shouldRollBackUnderBestToThePreviousBest() {
        publish(1, 0.80);
        publish(2, 0.90);
        publish(3, 0.85);
        publish(4, 0.95);

        rollback();

        assertThat(serving(ModelPolicy.BEST)).isEqualTo(2);
        assertThat(serving(ModelPolicy.LATEST)).isEqualTo(3);
    }

    @Test
    void shouldIgnoreAPromoteOfAVersionItNeverVerified() {
        publish(1, 0.8);
        promote(7);

        assertThat(serving(ModelPolicy.LATEST)).isEqualTo(1);
    }

    @Test
    void shouldNotStackTheSameVersionTwice() {
        publish(1, 0.8);
        publish(2, 0.8);
        promote(2);
        promote(2);

        rollback();

        assertThat(serving(ModelPolicy.LATEST)).isEqualTo(1);
    }

    private void publish(int version, double accuracy) {
        log.add(new RegistryEvent.Published(version, accuracy));
    }

    private void promote(int version) {
        log.add(new RegistryEvent.Control(ControlRecord.promote(++controls, version, "t", "test")));
    }

    private void rollback() {
        log.add(new RegistryEvent.Control(ControlRecord.rollback(++controls, "t", "test")));
    }

    private VersionSelector.Selection selection(ModelPolicy policy) {
        return VersionSelector.select(log, policy);
    }

    private int serving(ModelPolicy policy) {
        return selection(policy).serving();
    }
}
