package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietLogsTest {
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private final org.slf4j.Logger app = LoggerFactory.getLogger("io.fashionstream.cli.QuietLogsTest.app");
    private final org.slf4j.Logger broker = LoggerFactory.getLogger("kafka.server.ReplicaManager");

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @BeforeEach
    void listen() {
        seen.start();
        root().addAppender(seen);
    }

    @AfterEach
    void stopListening() {
        root().detachAppender(seen);
    }

    private List<String> messages() {
        return seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void logSome() {
        app.info("routine step");
        app.warn("worth seeing");
        broker.error("retried append", new OutOfOrderSequenceException("expected sequence 0"));
        broker.error("disk full", new KafkaStorageException("no space"));
    }

    @Test
    void shouldDropRoutineLinesAndRetriedBrokerErrorsButKeepWarningsAndRealErrorsUntilClosed() {
        try (QuietLogs quiet = QuietLogs.unless(false, Map.of())) {
            logSome();
        }
        app.info("after the demo");

        assertThat(messages()).containsExactly("worth seeing", "disk full", "after the demo");
    }

    @Test
    void shouldShowEverythingWithVerboseOrALevelFromTheEnvironment() {
        try (QuietLogs quiet = QuietLogs.unless(true, Map.of())) {
            logSome();
        }
        try (QuietLogs quiet = QuietLogs.unless(false, Map.of(QuietLogs.ENV, "DEBUG"))) {
            logSome();
        }

        assertThat(messages()).containsExactly("routine step", "worth seeing", "retried append", "disk full",
                "routine step", "worth seeing", "retried append", "disk full");
    }
}
