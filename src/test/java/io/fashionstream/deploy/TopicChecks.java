package io.fashionstream.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fashionstream.kafka.Topics;

/**
 * Topic options in deployment files must name the system's topics ({@link Topics}): the option's value is
 * the topic the code declares for that role, so producer, classifier, consumers and registry meet.
 */
final class TopicChecks {
    /** Each topic option of the CLI and the topic it must name. */
    static final Map<String, Map<String, String>> EXPECTED = Map.of(
            "classify", Map.of("--input-topic", Topics.IMAGES, "--predictions-topic", Topics.PREDICTIONS,
                    "--dead-letter-topic", Topics.DEAD_LETTERS, "--models-topic", Topics.MODELS),
            "produce", Map.of("--topic", Topics.IMAGES),
            "publish", Map.of("--models-topic", Topics.MODELS),
            "train", Map.of("--models-topic", Topics.MODELS),
            "promote", Map.of("--models-topic", Topics.MODELS),
            "rollback", Map.of("--models-topic", Topics.MODELS));

    private TopicChecks() {
    }

    static List<String> check(String where, Invocation inv) {
        List<String> problems = new ArrayList<>();
        EXPECTED.getOrDefault(inv.name(), Map.of()).forEach((option, topic) -> inv.option(option).ifPresent(v -> {
            if (!v.toString().equals(topic)) {
                problems.add(where + ": `" + inv.name() + " " + option + " " + v + "` is not the system's topic " + topic
                        + " (kafka.Topics)");
            }
        }));
        return problems;
    }
}
