package io.fashionstream.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the services' INFO log lines off the screen while a command tells the story itself (the demo prints
 * each step and draws a progress line that log lines would tear). Warnings and errors still show. Does
 * nothing when the user chose a level with env {@value #ENV} or when the logging backend is not Logback;
 * {@link #close()} restores the levels. Not thread-safe; one per command run.
 */
final class QuietLogs implements AutoCloseable {
    /** The variable logback.xml reads for the project's log level. */
    static final String ENV = "FASHION_STREAM_LOG_LEVEL";

    private final Map<Logger, Level> previous = new LinkedHashMap<>();

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
        }
        return quiet;
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
    }
}
