package io.fashionstream.metrics;

import java.util.List;
import java.util.Objects;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Factory for the Prometheus registry every service exposes. */
public final class Registries {
    /** The common tag naming the service ({@code classifier}, {@code trainer}) on every series. */
    public static final String SERVICE_TAG = "service";

    private Registries() {
    }

    /**
     * A Prometheus registry tagged {@code service=<service>} with the JVM binders bound: memory, GC,
     * threads, class loading, processor and uptime. Closing the registry also unhooks the GC listener.
     */
    public static PrometheusMeterRegistry prometheus(String service) {
        Objects.requireNonNull(service, "service");
        if (service.isBlank()) {
            throw new IllegalArgumentException("Service name may not be blank");
        }
        JvmGcMetrics gc = new JvmGcMetrics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
            @Override
            public void close() {
                gc.close();
                super.close();
            }
        };
        registry.config().commonTags(SERVICE_TAG, service);
        for (var binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
        return registry;
    }
}
