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

    /** The system's topic specs ({@link Topics}) under the names in {@code config}. */
    public static List<TopicSpec> specs(ClassifierConfig config) {
        return List.of(
                Topics.images().withName(config.inputTopic()),
                Topics.predictions().withName(config.predictionsTopic()),
                Topics.deadLetters().withName(config.deadLetterTopic()));
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
