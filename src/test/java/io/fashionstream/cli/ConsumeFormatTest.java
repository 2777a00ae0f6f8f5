package io.fashionstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ConsumeFormatTest {
    private static ConsumerRecord<String, byte[]> record(String key, String value) {
        return new ConsumerRecord<>("fashion.predictions", 0, 0, key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldMarkRightAndWrongPredictionsAndKeepARunningAccuracy() {
        ConsumeFormat format = new ConsumeFormat(StandardCharsets.UTF_8);

        String right = format.prediction(record("test-00000",
                "{\"id\":\"test-00000\",\"label\":9,\"class\":\"Ankle boot\",\"probability\":0.973,"
                        + "\"modelVersion\":\"cnn-7\",\"trueLabel\":9,\"somethingNew\":[1,2]}"));
        String wrong = format.prediction(record("test-00001",
                "{\"id\":\"test-00001\",\"label\":6,\"probability\":0.5,\"modelVersion\":\"cnn-7\",\"trueLabel\":0}"));

        assertThat(right).startsWith("test-00000").contains("Ankle boot", "97.3%", "model cnn-7", "✓",
                "acc 100.00% (1/1)");
        assertThat(wrong).contains("Shirt", "✗ was T-shirt/top", "acc 50.00% (1/2)");
        assertThat(format.summary()).isEqualTo("2 predictions; accuracy 50.00% (1/2 labelled)");
    }

    @Test
    void shouldLeaveAccuracyOutWhenNothingIsLabelled() {
        ConsumeFormat format = new ConsumeFormat(StandardCharsets.UTF_8);

        String line = format.prediction(record("photo.png",
                "{\"id\":\"photo.png\",\"label\":1,\"class\":\"Trouser\",\"probability\":1.0,\"modelVersion\":\"m\"}"));

        assertThat(line).doesNotContain("acc").doesNotContain("✓");
        assertThat(format.summary()).isEqualTo("1 predictions");
    }

    @Test
    void shouldShowARecordThatIsNotAPredictionWithoutFailing() {
        ConsumeFormat format = new ConsumeFormat(StandardCharsets.UTF_8);

        String line = format.prediction(record("k", "{\"hello\":1}"));

        assertThat(line).isEqualTo("k  (not a prediction: {\"hello\":1})");
        assertThat(format.summary()).isEqualTo("0 predictions; not predictions: 1");
    }

    @Test
    void shouldFallBackToAsciiMarksWhereTheConsoleCannotShowTicks() {
        ConsumeFormat format = new ConsumeFormat(StandardCharsets.US_ASCII);

        String line = format.prediction(record("a", "{\"label\":3,\"probability\":0.9,\"trueLabel\":3}"));

        assertThat(line).contains("Dress").contains(" ok ");
    }
}
