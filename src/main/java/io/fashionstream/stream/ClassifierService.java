package io.fashionstream.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.inference.BatchRunner;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.metrics.Health;

/**
 * The classifier as a service in this JVM: creates missing topics, waits for a model, runs the Kafka
 * Streams application of {@link ClassificationTopology} and reports its {@link State}. The CLI, the demo,
 * the benchmark and the integration tests all run it like this:
 *
 * <pre>{@code
 * try (var service = new ClassifierService(config, ModelSource.fixed(model), registry)) {
 *     service.start();
 *     service.awaitRunning(Duration.ofSeconds(60));
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} returns at once after creating the topics. When the model source has no model yet
 * the service waits in {@link State#WAITING_FOR_MODEL} and starts consuming only once one is loaded, so
 * input is not read before it can be classified. The caller owns the model source and the registry and
 * closes them after the service. Thread-safe.
 */
public final class ClassifierService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClassifierService.class);
    private static final Duration MODEL_POLL = Duration.ofMillis(100);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Life cycle; {@code RUNNING} and {@code REBALANCING} mirror Kafka Streams once it has started. */
    public enum State { NEW, WAITING_FOR_MODEL, STARTING, RUNNING, REBALANCING, STOPPING, STOPPED, FAILED }

    private final ClassifierConfig config;
    private final ModelSource models;
    private final ClassifierMetrics metrics;
    private final BatchRunner runner;
    private final Topology topology;
    private final Object lock = new Object();
    private State state = State.NEW;
    private Throwable failure;
    private boolean everRunning;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private Thread modelWait;

    /** A service whose meters go to {@code registry}. */
    public ClassifierService(ClassifierConfig config, ModelSource models, MeterRegistry registry) {
        this(config, models, new ClassifierMetrics(registry));
    }

    /** A service reporting to {@code metrics}; give a registry-backed model source the same instance. */
    public ClassifierService(ClassifierConfig config, ModelSource models, ClassifierMetrics metrics) {
        this(config, models, metrics, config.inferenceThreads() == 0 ? BatchRunner.callingThread()
                : BatchRunner.pool(config.inferenceThreads())); // its threads start with the first batch
    }

    /**
     * A service whose batches run on {@code runner} instead of the one {@code config} asks for (the benchmark's
     * {@link BatchRunner#standIn network stand-in}); the service closes it.
     */
    public ClassifierService(ClassifierConfig config, ModelSource models, ClassifierMetrics metrics, BatchRunner runner) {
        this.config = config;
        this.models = models;
        this.metrics = metrics;
        this.runner = Objects.requireNonNull(runner, "runner");
        this.topology = ClassificationTopology.build(config, models, runner, metrics);
    }

    public ClassifierConfig config() {
        return config;
    }

    /** The topology this service runs (for {@code describe()}). */
    public Topology topology() {
        return topology;
    }

    /**
     * Creates missing topics, then starts consuming, at once or as soon as a model is loaded.
     *
     * @throws IllegalStateException if called twice
     * @throws org.apache.kafka.common.KafkaException if the topics cannot be created (no broker, no rights)
     */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("Classifier already started (state " + state + ")");
            }
            ClassifierTopics.ensure(config);
            streams = new KafkaStreams(topology, config.streamsProperties());
            streams.setStateListener((now, before) -> onStreamsState(now));
            streams.setUncaughtExceptionHandler(new ThreadFailureHandler(3, Duration.ofMinutes(5)));
            streamsMetrics = metrics.bind(streams);
            if (models.ready()) {
                startStreams();
            } else {
                setState(State.WAITING_FOR_MODEL);
                log.info("Waiting for a model before consuming {}", config.inputTopic());
                modelWait = new Thread(this::awaitModelThenStart, "classifier-model-wait");
                modelWait.setDaemon(true);
                modelWait.start();
            }
        }
    }

    private void awaitModelThenStart() {
        try {
            while (!models.ready()) {
                Thread.sleep(MODEL_POLL.toMillis());
            }
            synchronized (lock) {
                if (state == State.WAITING_FOR_MODEL) {
                    startStreams();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startStreams() {
        ServingModel model = models.current();
        metrics.modelServing(model.version(), model.testAccuracy());
        log.info("Classifying {} -> {} (dead letters: {}) with model {}, batches of up to {} or {} ms, {} stream "
                        + "thread(s), network on {}, {}",
                config.inputTopic(), config.predictionsTopic(), config.deadLetterTopic(), model.version(),
                config.batchMaxSize(), config.batchMaxDelay().toMillis(), config.streamThreads(),
                config.inferenceThreads() == 0 ? "the stream threads" : config.inferenceThreads() + " inference thread(s)",
                config.streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        setState(State.STARTING);
        streams.start();
    }

    private void onStreamsState(KafkaStreams.State now) {
        synchronized (lock) {
            switch (now) {
                case RUNNING -> {
                    everRunning = true;
                    setState(State.RUNNING);
                }
                case REBALANCING -> setState(everRunning ? State.REBALANCING : State.STARTING);
                case PENDING_SHUTDOWN -> {
                    if (state != State.FAILED) {
                        setState(State.STOPPING);
                    }
                }
                case NOT_RUNNING -> {
                    if (state != State.FAILED) {
                        setState(State.STOPPED);
                    }
                }
                case PENDING_ERROR, ERROR -> {
                    if (failure == null) {
                        failure = new IllegalStateException("Kafka Streams stopped after repeated stream-thread failures"
                                + " (see the log above)");
                    }
                    setState(State.FAILED);
                }
                default -> { }
            }
        }
    }

    private void setState(State next) {
        if (state != next) {
            log.debug("Classifier state {} -> {}", state, next);
            state = next;
            lock.notifyAll();
        }
    }

    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** Whether Kafka Streams is RUNNING (all tasks assigned and restored). */
    public boolean isRunning() {
        return state() == State.RUNNING;
    }

    /**
     * Readiness for orchestrators: ready while running with a model (a rebalance after start-up counts as
     * ready: it is routine and short); otherwise not ready, with the reason.
     */
    public Health health() {
        State s = state();
        return switch (s) {
            case RUNNING, REBALANCING -> Health.up();
            case WAITING_FOR_MODEL -> Health.down("no model loaded yet");
            case FAILED -> Health.down("classifier failed: " + failure().map(Throwable::getMessage).orElse("?"));
            default -> Health.down("classifier is " + s);
        };
    }

    /** Why the service is {@link State#FAILED}, if it is. */
    public Optional<Throwable> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    /**
     * Waits until the service is RUNNING; false if {@code timeout} passes first.
     *
     * @throws IllegalStateException if it failed or was stopped instead
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return awaitState(timeout, State.RUNNING);
    }

    /** Waits until the service is STOPPED or FAILED (e.g. the CLI waiting for Ctrl-C). */
    public void awaitTermination() throws InterruptedException {
        synchronized (lock) {
            while (state != State.STOPPED && state != State.FAILED) {
                lock.wait();
            }
        }
    }

    /** As {@link #awaitTermination()}, giving up after {@code timeout}; false if it did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (state != State.STOPPED && state != State.FAILED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private boolean awaitState(Duration timeout, State wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (state != wanted) {
                if (state == State.FAILED || state == State.STOPPED) {
                    throw new IllegalStateException("Classifier is " + state + ", not " + wanted, failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Stops consuming, commits what was processed and closes the clients (waiting up to 30 s), then the inference
     * threads.
     */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /** As {@link #close()}, waiting up to {@code timeout} for Kafka Streams to shut down cleanly. */
    public void close(Duration timeout) {
        KafkaStreams toClose;
        synchronized (lock) {
            if (state == State.STOPPED || (state == State.NEW && streams == null)) {
                state = State.STOPPED;
                lock.notifyAll();
                runner.close();
                return;
            }
            if (modelWait != null) {
                modelWait.interrupt();
            }
            if (state != State.FAILED) {
                setState(State.STOPPING);
            }
            toClose = streams;
        }
        // Outside the lock: Kafka Streams calls the state listener (which takes the lock) while closing.
        boolean clean = toClose.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!clean) {
            log.warn("Kafka Streams did not shut down within {} s", timeout.toSeconds());
        }
        streamsMetrics.close();
        runner.close(); // after Kafka Streams: its threads no longer hand over batches
        synchronized (lock) {
            if (state != State.FAILED) {
                setState(State.STOPPED);
            }
        }
        log.info("Classifier stopped{}", clean ? "" : " (not cleanly)");
    }
}
