package io.fashionstream.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.fashionstream.model.InvalidModelException;
import io.fashionstream.registry.Manifest;
import io.fashionstream.registry.ModelPublisher;
import io.fashionstream.registry.ModelVersion;
import io.fashionstream.registry.RegistryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code publish FILE}: sends a model artifact to the models topic as the next version. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish a model artifact (.fsmodel from `train`) as the next version on the models topic; "
            + "classifiers following the topic verify it and switch to it (policy latest)."})
final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "FILE", description = "Model artifact file")
    Path file;

    @Override
    public Integer call() throws Exception {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file + ": file not found", e);
        }
        RegistryConfig config = registry.config(kafka);
        Manifest m = new ModelPublisher(config).publish(bytes, file.toString());
        print(spec.commandLine().getOut(), m, config, kafka.bootstrapServers());
        return 0;
    }

    /** The one-paragraph account of a publish, shared with {@code train --publish}. */
    static void print(PrintWriter out, Manifest m, RegistryConfig config, String bootstrap) {
        out.printf(Locale.ROOT, "Published %s to %s on %s: %s (%s, test accuracy %.4f), %,d bytes in %d chunk(s), sha256 %s, %s%n",
                ModelVersion.name(m.version()), config.topic(), bootstrap, m.modelId(), m.architecture(), m.testAccuracy(),
                m.sizeBytes(), m.chunks(), m.sha256(), config.signingKey().isPresent() ? "signed (HMAC-SHA256)" : "unsigned");
        out.flush();
    }
}
