package io.fashionstream.cli;

import io.fashionstream.data.DataFormatException;
import io.fashionstream.model.InvalidModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/fashion-stream}: dispatches to the subcommands. */
@Command(name = "fashion-stream", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Kafka-native Fashion-MNIST image classifier.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, BrokerCommand.class, ClassifyCommand.class,
            ProduceCommand.class, ConsumeCommand.class, BenchCommand.class,
            PublishCommand.class, PromoteCommand.class, RollbackCommand.class, ModelsCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: user mistakes print one message, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DataFormatException || e instanceof InvalidModelException
                    || e instanceof IllegalArgumentException || e instanceof java.nio.file.NoSuchFileException
                    || e instanceof org.apache.kafka.common.KafkaException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
                return 2;
            }
            throw e;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fashion-stream " + (v == null ? "dev" : v)};
        }
    }
}
