package io.fashionstream.stream;

import java.io.IOException;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde of {@link Prediction}, the value format of the predictions topic; consumers of the topic
 * (the {@code consume} command, tests) read it with the same serde. Thread-safe.
 */
public final class PredictionSerde implements Serde<Prediction>, Serializer<Prediction>, Deserializer<Prediction> {
    // The fast double writer (Schubfach) instead of the JDK's FloatingDecimal: writing the 11 doubles of a
    // prediction was ~20% of the stream threads' Java CPU samples in a JFR profile of the benchmark.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    @Override
    public byte[] serialize(String topic, Prediction prediction) {
        if (prediction == null) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(prediction);
        } catch (IOException e) {
            throw new SerializationException("Cannot write prediction " + prediction.id() + " as JSON", e);
        }
    }

    @Override
    public Prediction deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return JSON.readValue(data, Prediction.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("Not a prediction JSON on " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<Prediction> serializer() {
        return this;
    }

    @Override
    public Deserializer<Prediction> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
