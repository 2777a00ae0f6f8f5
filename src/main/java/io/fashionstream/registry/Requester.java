package io.fashionstream.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who is writing to the registry, for the audit fields of manifests and control records: {@code user@host}. */
final class Requester {
    private static final String NAME = System.getProperty("user.name", "unknown") + "@" + host();

    private Requester() {
    }

    static String name() {
        return NAME;
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
