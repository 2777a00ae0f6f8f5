package io.fashionstream.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The embedded broker's requests by API (Produce, Fetch, EndTxn, ...), read from its {@code RequestsPerSec} meters
 * over JMX in this JVM, all request versions summed. Fetch's consumer and follower subsets are left out (they are
 * already in Fetch). Empty where no broker runs in this JVM.
 */
final class BrokerRequests {
    private static final Set<String> SUBSETS = Set.of("FetchConsumer", "FetchFollower");

    private BrokerRequests() {
    }

    /** Requests so far, by API. */
    static Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                String api = name.getKeyProperty("request");
                if (api != null && !SUBSETS.contains(api) && server.getAttribute(name, "Count") instanceof Number n) {
                    counts.merge(api, n.longValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("reading the broker's request meters: " + e.getMessage(), e);
        }
        return counts;
    }

    /** Requests per second by API between two {@link #counts()} {@code seconds} apart, those with none left out. */
    static Map<String, Double> perSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> rates = new TreeMap<>();
        after.forEach((api, count) -> {
            long n = count - before.getOrDefault(api, 0L);
            if (n > 0) {
                rates.put(api, Math.round(n / seconds * 10) / 10.0);
            }
        });
        return rates;
    }
}
