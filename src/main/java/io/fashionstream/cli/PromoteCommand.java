package io.fashionstream.cli;

import java.util.concurrent.Callable;

import io.fashionstream.registry.ModelPublisher;
import io.fashionstream.registry.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code promote VERSION}: tells every classifier to serve a given version. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Tell the whole fleet to serve VERSION (a verified version on the models topic), by publishing "
            + "a control record. Instances on policy latest or best switch; instances pinned to a version do not. "
            + "A later publish moves instances on latest on again; `rollback` undoes the promote."})
final class PromoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "VERSION", description = "Version to serve, e.g. 3 or v3")
    String version;

    @Override
    public Integer call() {
        int v = ModelVersion.parse(version);
        var outcome = new ModelPublisher(registry.config(kafka)).promote(v);
        RollbackCommand.print(spec.commandLine().getOut(), "Promoted " + ModelVersion.name(v), outcome);
        return 0;
    }
}
