package io.fashionstream.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in this JVM: KRaft mode, one process acting as broker and
 * controller, PLAINTEXT on {@link BrokerConfig#host()}. Internal topics have replication factor 1, so
 * transactions (exactly-once) work; topics are never auto-created. For development, tests and demos, not
 * production. Use from one thread; {@link #close()} is idempotent.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(BrokerConfig.defaults())) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final BrokerConfig config;
    private final Path logDir;
    private final boolean temporary;
    private final int port;
    private KafkaRaftServer server;

    private EmbeddedKafka(BrokerConfig config) {
        this.config = config;
        this.port = config.port() == 0 ? freePort(config.host()) : requireFree(config.host(), config.port());
        this.temporary = config.dataDir().isEmpty();
        this.logDir = config.dataDir().orElseGet(BrokerStorage::createTemporary);
    }

    /**
     * Formats storage if needed, starts the broker and returns once it answers clients (typically 2-8 s).
     *
     * @throws IllegalArgumentException when the chosen port is taken
     * @throws KafkaException when the broker does not start or answer within 60 s
     */
    public static EmbeddedKafka start(BrokerConfig config) {
        EmbeddedKafka kafka = new EmbeddedKafka(config);
        try {
            kafka.startServer();
            kafka.awaitReady();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return config.host() + ":" + port;
    }

    /** Client properties with only {@code bootstrap.servers} set; a new object on each call. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** The directory holding the broker's log and metadata. */
    public Path logDir() {
        return logDir;
    }

    private void startServer() {
        Properties props = BrokerProperties.of(config, NODE_ID, port, freePort(config.host()), logDir);
        BrokerStorage.formatIfNeeded(logDir, props);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(clientProperties())) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        log.info("Kafka broker ready at {} (log dir {})", bootstrapServers(), logDir);
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    log.debug("Broker not ready yet: {}", e.toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("embedded Kafka at " + bootstrapServers() + " did not become ready within "
                            + STARTUP_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for the embedded broker", e);
        }
    }

    /** Stops the broker (a controlled shutdown) and deletes the log directory if it was temporary. */
    @Override
    public void close() {
        if (server != null) {
            long t0 = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Kafka broker at {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
        }
        if (temporary) {
            BrokerStorage.delete(logDir);
        }
    }

    /** Fails with a message a user can act on, instead of the broker's bind error deep in its startup. */
    private static int requireFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return port;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another broker running? Choose another port with --port");
        }
    }

    /** A port free right now; another process could take it before the broker binds (rare, and then start fails). */
    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
