package io.fashionstream.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.fashionstream.registry.ModelPublisher;
import io.fashionstream.registry.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollback}: tells every classifier to go back to the version that served before the current one. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Tell the whole fleet to return to the version that served before the current one took over "
            + "(by a publish or a promote), by publishing a control record. Repeat to walk further back. "
            + "Instances pinned to a version are not affected."})
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() {
        var outcome = new ModelPublisher(registry.config(kafka)).rollback();
        print(spec.commandLine().getOut(), "Rolled back", outcome);
        return 0;
    }

    static void print(PrintWriter out, String what, ModelPublisher.ControlOutcome outcome) {
        out.printf("%s (control record #%d): instances on policy latest go from %s to %s%n", what,
                outcome.record().sequence(), name(outcome.servingBefore()), name(outcome.servingAfter()));
        out.flush();
    }

    private static String name(int version) {
        return version == 0 ? "no version" : ModelVersion.name(version);
    }
}
