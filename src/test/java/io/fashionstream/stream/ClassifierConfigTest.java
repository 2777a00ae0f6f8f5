package io.fashionstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import io.fashionstream.kafka.Topics;

class ClassifierConfigTest {

    @Test
    void shouldRunExactlyOnceByDefault() {
        Properties p = ClassifierConfig.defaults().streamsProperties();

        assertThat(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("fashion-stream-classifier");
        assertThat(p.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("localhost:9092");
        assertThat(p.getProperty(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(OutputExceptionHandler.class.getName());
    }

    @Test
    void shouldPassUserPropertiesThroughAndLetThemWinOverDefaults() {
        Properties p = ClassifierConfig.defaults().withKafkaProperties(Map.of(
                "bootstrap.servers", "kafka-1:9093",
                "processing.guarantee", "at_least_once",
                "security.protocol", "SASL_SSL",
                "producer.compression.type", "zstd")).streamsProperties();

        assertThat(p).containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("processing.guarantee", "at_least_once")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("producer.compression.type", "zstd");
    }

    @Test
    void shouldCommitAndBatchAsTheBenchmarkTunedUnlessTheUserSaysOtherwise() {
        Properties tuned = ClassifierConfig.defaults().streamsProperties();
        Properties stock = ClassifierConfig.defaults().withKafkaProperties(ClassifierConfig.STREAMS_STOCK_PROPERTIES)
                .streamsProperties();

        assertThat(tuned).containsEntry("commit.interval.ms", "20").containsEntry("producer.batch.size", "524288");
        assertThat(stock).containsEntry("commit.interval.ms", "100").containsEntry("producer.batch.size", "16384");
    }

    @Test
    void shouldRefuseTypedSettingsGivenAsKafkaProperties() {
        assertThatThrownBy(() -> ClassifierConfig.defaults().withKafkaProperty("application.id", "other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("application.id");
    }

    @Test
    void shouldKeepAnIdlePollShorterThanTheBatchDelay() {
        Properties p = ClassifierConfig.defaults().withBatch(64, Duration.ofMillis(30)).streamsProperties();

        assertThat(Long.parseLong(p.getProperty(StreamsConfig.POLL_MS_CONFIG))).isLessThanOrEqualTo(15);
    }

    @Test
    void shouldComeBackFromAnIdlePollSoonWhenBatchesRunOnInferenceThreads() {
        Properties p = ClassifierConfig.defaults().withBatch(64, Duration.ofSeconds(10)).withInferenceThreads(2)
                .streamsProperties();

        assertThat(Long.parseLong(p.getProperty(StreamsConfig.POLL_MS_CONFIG)))
                .as("a finished batch is forwarded after the poll, not after a quarter of the 10 s delay").isEqualTo(5);
    }

    @Test
    void shouldRejectBadSettingsNamingTheValue() {
        ClassifierConfig c = ClassifierConfig.defaults();

        assertThatThrownBy(() -> c.withBatch(0, Duration.ofMillis(10))).hasMessageContaining("Got: 0");
        assertThatThrownBy(() -> c.withBatch(5000, Duration.ofMillis(10))).hasMessageContaining("Got: 5000");
        assertThatThrownBy(() -> c.withBatch(8, Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> c.withStreamThreads(0)).hasMessageContaining("Got: 0");
        assertThatThrownBy(() -> c.withInferenceThreads(-1)).hasMessageContaining("Got: -1");
        assertThatThrownBy(() -> c.withTopics(Topics.IMAGES, Topics.IMAGES, Topics.DEAD_LETTERS))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> c.withTopics("images with spaces", Topics.PREDICTIONS, Topics.DEAD_LETTERS))
                .hasMessageContaining("images with spaces");
    }

    @Test
    void shouldReplaceFailedThreadsButStopAfterRepeatedFailures() {
        ThreadFailureHandler handler = new ThreadFailureHandler(3, Duration.ofMinutes(5));
        RuntimeException boom = new IllegalStateException("model failed");

        assertThat(handler.handle(boom)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.handle(boom)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.handle(boom)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.handle(boom)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
