package io.fashionstream.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.model.Evaluation;
import io.fashionstream.model.ModelArtifact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code evaluate}: re-computes an artifact's test metrics and compares them with its metadata. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Re-compute the test-set metrics of a model artifact and print them.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model artifact file")
    Path model;

    @Option(names = "--data", description = "Directory with the Fashion-MNIST files (default: the standard search)")
    Path data;

    @Override
    public Integer call() {
        ModelArtifact artifact = ModelArtifact.load(model);
        var test = DatasetLocator.standard(Optional.ofNullable(data)).locate().test();
        Evaluation e = Evaluation.of(artifact.predictor(), test);
        var out = spec.commandLine().getOut();
        var m = artifact.metadata();
        out.printf("model %s (%s), network sha256 %s verified%n%n", m.version(), m.architecture(), m.networkSha256());
        out.print(e.toTable());
        out.printf(Locale.ROOT, "%nrecorded test accuracy at training time: %.4f%s%n", m.testAccuracy(),
                Math.abs(m.testAccuracy() - e.accuracy()) < 1e-9 ? " (identical)" : " (DIFFERS)");
        return 0;
    }
}
