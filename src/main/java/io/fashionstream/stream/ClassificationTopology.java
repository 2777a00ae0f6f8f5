package io.fashionstream.stream;

import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import io.fashionstream.data.ImageDecoder;
import io.fashionstream.inference.BatchRunner;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.metrics.ClassifierMetrics;

/**
 * The classifier's topology: images source -> batching classifier (with its buffer store) -> predictions
 * sink and dead-letter sink. Every node has a fixed name so that topology descriptions, internal topic names
 * (the buffer's changelog is {@code <application.id>-pending-images-changelog}) and tests stay stable.
 * Building it does no I/O and starts no threads.
 */
public final class ClassificationTopology {
    public static final String SOURCE = "images-source";
    public static final String CLASSIFIER = "classify-batches";
    public static final String PREDICTIONS_SINK = "predictions-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String BUFFER_STORE = "pending-images";

    private ClassificationTopology() {
    }

    /**
     * The topology for {@code config}, serving whatever {@code models} holds at each batch on {@code runner}
     * (which the caller owns and closes after the topology's last use).
     */
    public static Topology build(ClassifierConfig config, ModelSource models, BatchRunner runner,
                                 ClassifierMetrics metrics) {
        ImageRecordParser parser = new ImageRecordParser(new ImageDecoder(config.decodeLimits()));
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
        topology.addProcessor(CLASSIFIER, () -> new BatchingClassifier(parser, models, runner, metrics,
                config.batchMaxSize(), config.batchMaxDelay()), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BUFFER_STORE),
                        Serdes.Long(), PendingImage.serde())
                .withLoggingEnabled(Map.of())
                .withCachingEnabled(), CLASSIFIER);
        topology.addSink(PREDICTIONS_SINK, config.predictionsTopic(), new StringSerializer(), new PredictionSerde(),
                CLASSIFIER);
        topology.addSink(DEAD_LETTERS_SINK, config.deadLetterTopic(), new ByteArraySerializer(),
                new ByteArraySerializer(), CLASSIFIER);
        return topology;
    }
}
