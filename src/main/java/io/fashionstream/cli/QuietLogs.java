package io.fashionstream.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps routine log lines off the screen while a command tells the story itself (the demo prints each step,
 * checks that every image was answered, and draws a progress line that log lines would tear): the project's
 * INFO lines, and notices of the in-process broker and clients that are retried or harmless. The project's
 * warnings and errors still show. Does nothing when the user chose a level with env {@value #ENV} or when the
 * logging backend is not Logback; {@link #close()} restores everything. Not thread-safe; one per command run.
 */
final class QuietLogs implements AutoCloseable {
    /** The variable logback.xml reads for the project's log level. */
    static final String ENV = "FASHION_STREAM_LOG_LEVEL";

    private final Map<Logger, Level> previous = new LinkedHashMap<>();
    private TurboFilter filter;

    private QuietLogs() {
    }

    /**
     * Raises the project's loggers to WARN and Kafka Streams' configuration notices to ERROR, unless
     * {@code keep} (e.g. {@code --verbose}) or the environment sets a level.
     */
    static QuietLogs unless(boolean keep, Map<String, String> env) {
        QuietLogs quiet = new QuietLogs();
        if (!keep && env.get(ENV) == null) {
            quiet.raise("io.fashionstream", Level.WARN);
            // "processing exception handler is not enabled for the GlobalThread": advice for app developers,
            // printed on every start although the classifier has no global state.
            quiet.raise("org.apache.kafka.streams.StreamsConfig", Level.ERROR);
            // The producer's "retrying" warnings (CONCURRENT_TRANSACTIONS, OUT_OF_ORDER_SEQUENCE_NUMBER): retried
            // by design; a failure that remains reaches the application as an exception.
            quiet.raise("org.apache.kafka.clients.producer.internals.Sender", Level.ERROR);
            // "Exceptionally slow controller event": the single-node controller on a busy laptop; the summary
            // already shows the throughput.
            quiet.raise("org.apache.kafka.controller.EventPerformanceMonitor", Level.OFF);
            quiet.dropRetriedSequenceErrors();
        }
        return quiet;
    }

    /**
     * With transactions v2 the broker refuses a new transactional producer's first batch whose sequence is not 0
     * with a retriable OutOfOrderSequenceException, logging it at ERROR (KAFKA-18202); the producer retries.
     */
    private void dropRetriedSequenceErrors() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            filter = new TurboFilter() {
                @Override
                public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                          Throwable t) {
                    return t instanceof OutOfOrderSequenceException && logger.getName().equals("kafka.server.ReplicaManager")
                            ? FilterReply.DENY : FilterReply.NEUTRAL;
                }
            };
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    private void raise(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            previous.put(logger, logger.getLevel());
            logger.setLevel(level);
        }
    }

    @Override
    public void close() {
        previous.forEach(Logger::setLevel);
        previous.clear();
        if (filter != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getTurboFilterList().remove(filter);
            filter.stop();
            filter = null;
        }
    }
}
