package io.fashionstream.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.metrics.ClassifierMetrics;

/**
 * A {@link ModelSource} that follows the models topic: one background thread reads it from the beginning
 * (read_committed), verifies each version ({@link RegistryLog}), decides which one serves
 * ({@link VersionSelector}), and loads and warms that one ({@link ModelLoader}) before swapping it in with one
 * atomic write, so stream threads never wait for a load and a batch, which reads {@link #current()} once,
 * never mixes versions. After a restart it reads the whole log before loading anything, so it comes up
 * directly on the version the fleet serves. A version that fails a check or does not load is logged,
 * counted ({@link ClassifierMetrics#modelRejected}) and skipped; the serving version stays.
 * {@link #current()} is {@code null} until the first version is loaded. Thread-safe.
 */
public final class RegistryModelSource implements ModelSource {
    private static final Logger log = LoggerFactory.getLogger(RegistryModelSource.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final RegistryConfig config;
    private final ModelPolicy policy;
    private final ClassifierMetrics metrics;
    private final AtomicReference<ServingModel> serving = new AtomicReference<>();
    private final CountDownLatch firstModel = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, RejectedVersionException> rejected = new ConcurrentHashMap<>();
    private final Thread follower;
    private volatile boolean closed;
    private volatile RegistryReader reader;
    private volatile int servingVersion;

    private RegistryModelSource(RegistryConfig config, ModelPolicy policy, ClassifierMetrics metrics) {
        this.config = config;
        this.policy = policy;
        this.metrics = metrics;
        this.follower = new Thread(this::follow, "model-registry-" + config.topic());
        follower.setDaemon(true);
        follower.setUncaughtExceptionHandler((t, e) -> log.error("Model registry follower of {} died; the serving "
                + "version {} stays but no new version will be picked up", config.topic(), servingName(), e));
    }

    /** Starts following {@code config.topic()} (created compacted if missing) and returns at once. */
    public static RegistryModelSource start(RegistryConfig config, ModelPolicy policy, ClassifierMetrics metrics) {
        RegistryModelSource source = new RegistryModelSource(config, policy, metrics);
        log.info("Following model versions on {} (policy {}, signatures {})", config.topic(), policy,
                config.signingKey().isPresent() ? "required" : "not checked");
        source.follower.start();
        return source;
    }

    @Override
    public ServingModel current() {
        return serving.get();
    }

    /** Waits until the first version is loaded; true if it was within {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return firstModel.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The version number serving now; 0 while none. */
    public int servingVersion() {
        return servingVersion;
    }

    /** What was refused so far, by subject ({@code v3}, {@code control/2}): a snapshot. */
    public Map<String, RejectReason> rejected() {
        Map<String, RejectReason> copy = new java.util.TreeMap<>();
        rejected.forEach((k, v) -> copy.put(k, v.reason()));
        return copy;
    }

    private void follow() {
        while (!closed) {
            try (TopicAdmin admin = new TopicAdmin(config.kafka())) {
                admin.ensure(List.of(config.topicSpec()));
            } catch (KafkaException e) {
                log.warn("Cannot create or check {} ({}); retrying in {} s", config.topic(), e.getMessage(), RETRY.toSeconds());
                pause();
                continue;
            }
            try (RegistryReader r = new RegistryReader(config, CATCH_UP_TIMEOUT)) {
                reader = r;
                report(r.catchUp(CATCH_UP_TIMEOUT));
                reapplyLoadFailures(r.log());
                refresh(r.log());
                if (servingVersion == 0) {
                    log.info("Waiting for a model version on {} (policy {})", config.topic(), policy);
                }
                while (!closed) {
                    if (report(r.poll(POLL))) {
                        refresh(r.log());
                    }
                }
            } catch (WakeupException e) {
                if (!closed) {
                    log.warn("Model registry reader of {} woken unexpectedly; reconnecting", config.topic());
                }
            } catch (KafkaException e) {
                if (!closed) {
                    log.warn("Reading {} failed ({}); reconnecting in {} s, {} keeps serving", config.topic(),
                            e.getMessage(), RETRY.toSeconds(), servingName());
                    pause();
                }
            } finally {
                reader = null;
            }
        }
    }

    /** Logs each outcome, counts rejections (once per subject); true if anything can change the selection. */
    private boolean report(List<RegistryLog.Outcome> outcomes) {
        boolean changed = false;
        for (RegistryLog.Outcome outcome : outcomes) {
            if (outcome instanceof RegistryLog.Outcome.Accepted a) {
                var m = a.version().metadata();
                log.info("Verified {} from {}: {} {} ({} bytes, test accuracy {})", a.version().name(), config.topic(),
                        m.architecture(), m.version(), a.version().bytes().length, m.testAccuracy());
                changed = true;
            } else if (outcome instanceof RegistryLog.Outcome.Controlled c) {
                log.info("Control record from {}: {} by {}", config.topic(), c.control().describe(), c.control().requestedBy());
                changed = true;
            } else if (outcome instanceof RegistryLog.Outcome.Rejected r) {
                reject(r.subject(), r.error());
            }
        }
        return changed;
    }

    private void reject(String subject, RejectedVersionException error) {
        if (rejected.putIfAbsent(subject, error) == null) {
            log.warn("Rejected {} from {} [{}]: {}; {} keeps serving", subject, config.topic(), error.reason().code(),
                    error.getMessage(), servingName());
            metrics.modelRejected(error.reason().code());
        }
    }

    /** After a reconnect the log is read afresh; versions that failed to load stay out of the running. */
    private void reapplyLoadFailures(RegistryLog registry) {
        rejected.forEach((subject, error) -> {
            if (error.reason() == RejectReason.LOAD_FAILED) {
                registry.markUnloadable(ModelVersion.parse(subject), error);
            }
        });
    }

    /** Loads the selected version if it is not serving yet; falls back past versions that fail to load. */
    private void refresh(RegistryLog registry) {
        while (!closed) {
            var selection = VersionSelector.select(registry.events(), policy);
            int target = selection.serving();
            if (target == 0 || target == servingVersion) {
                return;
            }
            VerifiedVersion version = registry.version(target).orElseThrow();
            try {
                ServingModel model = ModelLoader.load(version);
                swap(target, model);
                return;
            } catch (RejectedVersionException e) {
                reject(version.name(), e);
                registry.markUnloadable(target, e);
            }
        }
    }

    private void swap(int version, ServingModel model) {
        String before = servingName();
        serving.set(model);
        servingVersion = version;
        metrics.modelServing(model.version(), model.testAccuracy());
        firstModel.countDown();
        log.info("Now serving {} from {} (was {}, policy {}, test accuracy {})", model.version(), config.topic(), before,
                policy, model.testAccuracy());
    }

    private String servingName() {
        return servingVersion == 0 ? "no version" : ModelVersion.name(servingVersion);
    }

    /** Waits before a retry; returns early when the source is closed. */
    private void pause() {
        try {
            closing.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops following; the last loaded version stays available through {@link #current()}. */
    @Override
    public void close() {
        closed = true;
        closing.countDown();
        RegistryReader r = reader;
        if (r != null) {
            r.wakeup(); // not interrupt(): the consumer could not close cleanly
        }
        try {
            follower.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
