package io.fashionstream.stream;

import java.util.List;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;

import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.kafka.TopicSpec;
import io.fashionstream.kafka.Topics;

/** The topics a classifier reads and writes, as it creates them when they are missing. */
public final class ClassifierTopics {
    private ClassifierTopics() {
    }

    /**
     * Input and predictions with the system's default partitions; dead letters sized for the original values
     * they carry ({@link ClassifierConfig#MAX_OUTPUT_RECORD_BYTES}).
     */
    public static List<TopicSpec> specs(ClassifierConfig config) {
        return List.of(
                Topics.images().withName(config.inputTopic()),
                Topics.predictions().withName(config.predictionsTopic()),
                Topics.deadLetters().withName(config.deadLetterTopic())
                        .withConfig("max.message.bytes", Integer.toString(ClassifierConfig.MAX_OUTPUT_RECORD_BYTES)));
    }

    /** Creates whichever of {@link #specs} are missing, with the admin settings of the Streams config. */
    public static void ensure(ClassifierConfig config) {
        StreamsConfig streams = new StreamsConfig(config.streamsProperties());
        Properties admin = new Properties();
        admin.putAll(streams.getAdminConfigs(config.applicationId() + "-topics"));
        try (TopicAdmin topicAdmin = new TopicAdmin(admin)) {
            topicAdmin.ensure(specs(config));
        }
    }
}
