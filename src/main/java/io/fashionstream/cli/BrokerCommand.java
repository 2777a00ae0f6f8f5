package io.fashionstream.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code broker}: a single-node Kafka broker for development, with the system's topics, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node Apache Kafka broker (KRaft) in this process, with the system's topics.",
            "For development and demos; Ctrl-C stops it. Data is temporary unless --data-dir is given."})
final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--host", defaultValue = BrokerConfig.DEFAULT_HOST,
            description = "Address to listen on and advertise (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the broker's data here across restarts")
    Path dataDir;

    @Option(names = "--server-property", paramLabel = "KEY=VALUE",
            description = "A Kafka broker property (e.g. message.max.bytes=20971520); repeatable")
    Map<String, String> serverProperties = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        BrokerConfig config = new BrokerConfig(host, port, Optional.ofNullable(dataDir), serverProperties);
        EmbeddedKafka kafka = EmbeddedKafka.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "broker-shutdown"));
        List<String> created;
        try (TopicAdmin admin = new TopicAdmin(kafka.clientProperties())) {
            created = admin.ensure(Topics.all());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Kafka broker ready at %s%n", kafka.bootstrapServers());
        out.printf("  data: %s%s%n", kafka.logDir(), dataDir == null ? " (deleted on exit)" : "");
        out.printf("  topics: %s%s%n", Topics.all().stream().map(t -> t.name() + "(" + t.partitions() + ")").toList(),
                created.isEmpty() ? " (existed)" : "");
        out.printf("  use it: export KAFKA_BOOTSTRAP_SERVERS=%s   |   Ctrl-C stops the broker%n", kafka.bootstrapServers());
        out.flush();
        stopped.await();
        return 0;
    }
}
