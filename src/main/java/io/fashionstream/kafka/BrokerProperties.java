package io.fashionstream.kafka;

import java.nio.file.Path;
import java.util.Properties;

/** The server properties of the {@link EmbeddedKafka} dev broker: single node, replication factor 1 everywhere. */
final class BrokerProperties {
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerProperties() {
    }

    static Properties of(BrokerConfig config, int nodeId, int port, int controllerPort, Path logDir) {
        String host = config.host();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(nodeId));
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host
                + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("controller.quorum.voters", nodeId + "@" + host + ":" + controllerPort);
        p.setProperty("log.dirs", logDir.toString());
        // One broker: every internal topic must fit on it, or groups and transactions never start.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose, with their partitions and configs (TopicAdmin), never by a typo.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.retention.hours", "24");
        config.overrides().forEach(p::setProperty);
        return p;
    }
}
