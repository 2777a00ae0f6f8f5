package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = Registries.prometheus("classifier");
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    @Test
    void shouldServePrometheusTextWithServiceTagAndJvmMetrics() throws Exception {
        Counter.builder("classifier.records").description("d").tag("outcome", "classified").register(registry).increment(3);
        server = MetricsServer.start("127.0.0.1", 0, registry, Health::up);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        assertThat(response.body())
                .contains("classifier_records_total{outcome=\"classified\",service=\"classifier\"} 3.0")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_threads_live_threads{")
                .contains("process_uptime_seconds{");
    }

    @Test
    void shouldReportReadyOnlyOnceTheCheckPasses() throws Exception {
        AtomicReference<Health> health = new AtomicReference<>(Health.down("no model loaded"));
        server = MetricsServer.start("127.0.0.1", 0, registry, health::get);

        HttpResponse<String> before = get("/health/ready");
        health.set(Health.up());
        HttpResponse<String> after = get("/health/ready");

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("no model loaded");
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReportLiveEvenWhenNotReady() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, () -> Health.down("starting"));

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReportNotReadyWhenTheCheckThrows() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, () -> {
            throw new IllegalStateException("streams closed");
        });

        HttpResponse<String> response = get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("streams closed");
    }

    @Test
    void shouldAnswer404ForUnknownPaths() throws Exception {
        server = MetricsServer.start("127.0.0.1", 0, registry, Health::up);

        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldFailClearlyWhenThePortIsTaken() {
        server = MetricsServer.start("127.0.0.1", 0, registry, Health::up);

        assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", server.port(), registry, Health::up))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
