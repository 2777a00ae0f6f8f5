package io.fashionstream.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.registry.ModelPolicy;
import io.fashionstream.registry.ModelVersion;
import io.fashionstream.registry.RegistryConfig;
import io.fashionstream.registry.RegistryLog;
import io.fashionstream.registry.RegistryReader;
import io.fashionstream.registry.VersionSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code models}: lists the versions and control records on the models topic and what serves. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the model versions on the models topic (verified or rejected, with the reason), "
            + "the control records, and which version serves under each policy. Checks signatures when a key is given."})
final class ModelsCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() {
        RegistryConfig config = registry.config(kafka);
        try (TopicAdmin admin = new TopicAdmin(config.kafka())) {
            admin.ensure(java.util.List.of(config.topicSpec()));
        }
        try (RegistryReader reader = new RegistryReader(config, TIMEOUT)) {
            reader.catchUp(TIMEOUT);
            print(spec.commandLine().getOut(), reader.log(), config);
        }
        return 0;
    }

    private static void print(PrintWriter out, RegistryLog log, RegistryConfig config) {
        out.printf("%s on %s (signatures %s)%n", config.topic(), config.kafka().getProperty("bootstrap.servers"),
                config.signingKey().isPresent() ? "checked" : "not checked: no key given");
        if (log.versions().isEmpty() && log.rejected().isEmpty()) {
            out.println("no versions published yet");
            out.flush();
            return;
        }
        out.printf("%-7s %-42s %-7s %9s %12s  %-24s %s%n", "VERSION", "MODEL", "ARCH", "TEST ACC", "BYTES", "PUBLISHED", "BY");
        for (int v = 1; v <= log.maxVersion(); v++) {
            var verified = log.version(v);
            var rejected = log.rejected().get(v);
            if (verified.isPresent()) {
                var m = verified.get().manifest();
                out.printf(Locale.ROOT, "%-7s %-42s %-7s %9.4f %,12d  %-24s %s%n", ModelVersion.name(v),
                        verified.get().metadata().version(), verified.get().metadata().architecture(),
                        verified.get().metadata().testAccuracy(), m.sizeBytes(), m.publishedAt(), m.publishedBy());
            } else if (rejected != null) {
                out.printf("%-7s REJECTED [%s] %s%n", ModelVersion.name(v), rejected.reason().code(), rejected.getMessage());
            }
        }
        var controls = new java.util.TreeMap<Integer, String>();
        log.controls().forEach(c -> controls.put(c.sequence(), String.format("%s by %s at %s", c.version() == null
                ? "rollback" : "promote " + ModelVersion.name(c.version()), c.requestedBy(), c.requestedAt())));
        log.rejectedControls().forEach((seq, e) -> controls.put(seq, "REJECTED [" + e.reason().code() + "] " + e.getMessage()));
        controls.forEach((seq, text) -> out.printf("control #%d: %s%n", seq, text));
        for (ModelPolicy policy : new ModelPolicy[] {ModelPolicy.LATEST, ModelPolicy.BEST}) {
            var selection = VersionSelector.select(log.events(), policy);
            out.printf("serving under policy %-6s: %s (history: %s)%n", policy,
                    selection.serving() == 0 ? "none" : ModelVersion.name(selection.serving()),
                    selection.history().stream().map(ModelVersion::name).collect(Collectors.joining(" -> ")));
        }
        out.flush();
    }
}
