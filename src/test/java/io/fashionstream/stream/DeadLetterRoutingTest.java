package io.fashionstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fashionstream.inference.BatchRunner;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.kafka.Topics;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.testing.TestData;
import io.fashionstream.testing.TestImages;
import io.fashionstream.testing.TestModels;

/** Each kind of unusable input lands on the dead-letter topic, intact, with its reason. */
class DeadLetterRoutingTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static byte[] goodImage;
    static ModelSource model;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> input;
    TestOutputTopic<String, byte[]> predictions;
    TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeAll
    static void loadModel() {
        model = ModelSource.fixed(TestModels.serving(TestModels.tiny()));
        goodImage = TestData.test().image(0);
    }

    @BeforeEach
    void start() {
        ClassifierConfig config = ClassifierConfig.defaults().withBatch(1, Duration.ofMillis(10))
                .withStateDir(TestData.scratch("dead-letter-test-state"));
        driver = new TopologyTestDriver(ClassificationTopology.build(config, model, BatchRunner.callingThread(),
                new ClassifierMetrics(registry)), config.streamsProperties(), START);
        input = driver.createInputTopic(Topics.IMAGES, new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(Topics.PREDICTIONS, new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static Stream<Arguments> unusableInputs() {
        byte[] photo = TestImages.png(TestImages.photo(TestData.test().image(1), 100, 100, 10, 10, 3, Color.BLACK));
        return Stream.of(
                Arguments.of("an empty value", utf8("empty-1"), new byte[0], label('1'), DeadLetterReason.EMPTY),
                Arguments.of("a JSON document", utf8("json-1"), utf8("{\"image\": \"shoe.png\"}"), label('2'),
                        DeadLetterReason.NOT_AN_IMAGE),
                Arguments.of("a PNG cut in half", utf8("cut-1"), TestImages.truncated(photo, 0.5), label('3'),
                        DeadLetterReason.UNDECODABLE),
                Arguments.of("a 2000x20 banner", utf8("banner-1"),
                        TestImages.png(new BufferedImage(2000, 20, BufferedImage.TYPE_INT_RGB)), label('4'),
                        DeadLetterReason.WRONG_SIZE),
                Arguments.of("a PNG declaring 100000x100000 pixels", utf8("bomb-1"),
                        TestImages.pngDeclaring(100_000, 100_000), label('5'), DeadLetterReason.TOO_LARGE),
                Arguments.of("label header '12'", utf8("label-1"), goodImage, label('1', '2'), DeadLetterReason.BAD_LABEL),
                Arguments.of("label header 'x'", utf8("label-2"), goodImage, label('x'), DeadLetterReason.BAD_LABEL),
                Arguments.of("a key that is not UTF-8", new byte[] {(byte) 0xC3, 0x28}, goodImage, label('0'),
                        DeadLetterReason.BAD_KEY));
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("unusableInputs")
    void shouldDeadLetterUnusableInputIntactWithItsReason(String what, byte[] key, byte[] value, Headers headers,
                                                          DeadLetterReason reason) {
        input.pipeInput(new TestRecord<>(key, value, headers, START.plusSeconds(5)));
        driver.advanceWallClockTime(Duration.ofMillis(10));

        assertThat(predictions.isEmpty()).isTrue();
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(deadLetters.isEmpty()).as("exactly one dead letter").isTrue();
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(dead.timestamp()).isEqualTo(START.plusSeconds(5).toEpochMilli());
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo(reason.code());
        assertThat(header(dead, DeadLetters.MESSAGE_HEADER)).isNotBlank().doesNotContain("Exception");
        assertThat(header(dead, DeadLetters.TOPIC_HEADER)).isEqualTo(Topics.IMAGES);
        assertThat(header(dead, DeadLetters.PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.OFFSET_HEADER)).isEqualTo("0");
        assertThat(dead.headers().lastHeader(Topics.LABEL_HEADER).value()).as("original headers kept")
                .isEqualTo(headers.lastHeader(Topics.LABEL_HEADER).value());
        assertThat(registry.get("classifier.records").tag("reason", reason.code()).counter().count()).isEqualTo(1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Headers label(char... value) {
        byte[] bytes = new byte[value.length];
        for (int i = 0; i < value.length; i++) {
            bytes[i] = (byte) value[i];
        }
        return new RecordHeaders().add(Topics.LABEL_HEADER, bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
