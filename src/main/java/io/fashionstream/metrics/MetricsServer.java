package io.fashionstream.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

/**
 * The HTTP endpoint of a service: {@code /metrics} (Prometheus exposition of a Micrometer registry),
 * {@code /health/live} (200 while the process serves HTTP) and {@code /health/ready} (200 when the
 * readiness check passes, else 503 with its reason as plain text). Other paths answer 404.
 *
 * <p>Built on Prometheus' own {@code HTTPServer}, which handles content negotiation (text, OpenMetrics,
 * protobuf) and gzip. The readiness supplier is called on the server's threads for every probe, so it
 * must be thread-safe and cheap; if it throws, the service is reported not ready. Port 0 binds an
 * ephemeral port: ask {@link #port()}.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String METRICS_PATH = "/metrics";
    public static final String LIVE_PATH = "/health/live";
    public static final String READY_PATH = "/health/ready";
    /** The classifier's default port; the trainer uses {@link #TRAINER_PORT}. */
    public static final int CLASSIFIER_PORT = 9400;
    public static final int TRAINER_PORT = 9401;

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Binds {@code bindAddress:port} and starts serving.
     *
     * @throws UncheckedIOException if the port cannot be bound (e.g. already in use)
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public static MetricsServer start(String bindAddress, int port, PrometheusMeterRegistry registry,
                                      Supplier<Health> readiness) {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(readiness, "readiness");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Metrics port must be 0..65535. Got: " + port);
        }
        try {
            HTTPServer server = HTTPServer.builder()
                    .hostname(bindAddress)
                    .port(port)
                    .registry(registry.getPrometheusRegistry())
                    .metricsHandlerPath(METRICS_PATH)
                    .registerHealthHandler(false)
                    // The default handler gets every path that is not /metrics: route the health probes there.
                    .defaultHandler(exchange -> route(exchange, readiness))
                    .buildAndStart();
            log.info("Serving metrics on http://{}:{}{}", bindAddress, server.getPort(), METRICS_PATH);
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves on all interfaces with a readiness check that always passes. */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry) {
        return start("0.0.0.0", port, registry, Health::up);
    }

    /** The bound port (the actual one when started with port 0). */
    public int port() {
        return server.getPort();
    }

    /** Stops serving; in-flight requests are cut off. */
    @Override
    public void close() {
        server.close();
    }

    private static void route(HttpExchange exchange, Supplier<Health> readiness) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(LIVE_PATH)) {
                respond(exchange, 200, "live");
            } else if (path.equals(READY_PATH)) {
                Health health = check(readiness);
                respond(exchange, health.ready() ? 200 : 503, health.reason());
            } else {
                respond(exchange, 404, "not found; try " + METRICS_PATH + ", " + LIVE_PATH + " or " + READY_PATH);
            }
        }
    }

    private static Health check(Supplier<Health> readiness) {
        try {
            Health health = readiness.get();
            return health != null ? health : Health.down("readiness check returned nothing");
        } catch (RuntimeException e) {
            log.warn("Readiness check failed", e);
            return Health.down("readiness check failed: " + e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
