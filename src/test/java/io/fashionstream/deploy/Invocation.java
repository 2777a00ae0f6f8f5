package io.fashionstream.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fashionstream.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A fashion-stream command line from a deployment file, checked against the real picocli model
 * ({@link Main#commandLine()}): the subcommand and every option must exist and the whole line must parse,
 * exactly as the container's {@code java -jar fashion-stream.jar ARGS} would. After a successful parse,
 * {@link #option} gives an option's effective value, its default included.
 */
final class Invocation {
    private final String where;
    private final List<String> args;
    private final List<String> problems = new ArrayList<>();
    private CommandSpec command;

    private Invocation(String where, List<String> args) {
        this.where = where;
        this.args = List.copyOf(args);
    }

    /** Parses {@code args} (the arguments after the jar); {@code where} names the file and service. */
    static Invocation of(String where, List<String> args) {
        Invocation inv = new Invocation(where, args);
        inv.check();
        return inv;
    }

    private void check() {
        if (args.isEmpty()) {
            problems.add(where + ": no command (the image's default is --help)");
            return;
        }
        CommandLine cl = Main.commandLine();
        CommandLine sub = cl.getSubcommands().get(args.get(0));
        if (sub == null) {
            problems.add(where + ": `" + args.get(0) + "` is not a fashion-stream command (commands: "
                    + cl.getSubcommands().keySet() + ")");
            return;
        }
        CommandSpec spec = sub.getCommandSpec();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-") && a.length() > 1 && !Character.isDigit(a.charAt(1))) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                OptionSpec opt = spec.findOption(name);
                if (opt == null) {
                    problems.add(where + ": `" + args.get(0) + "` has no option " + name);
                } else if (!a.contains("=") && opt.arity().max() > 0) {
                    i++; // its value
                }
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        try {
            cl.parseArgs(args.toArray(String[]::new));
            command = spec;
        } catch (ParameterException e) {
            problems.add(where + ": `" + String.join(" ", args) + "` does not parse: " + e.getMessage());
        }
    }

    List<String> problems() {
        return problems;
    }

    boolean parsed() {
        return command != null;
    }

    /** The subcommand's name ({@code classify}, {@code train}, ...), or empty when there is none. */
    String name() {
        return args.isEmpty() ? "" : args.get(0);
    }

    List<String> args() {
        return args;
    }

    /** The effective value of option {@code name} after parsing (the default when not given). */
    Optional<Object> option(String name) {
        if (command == null) {
            return Optional.empty();
        }
        OptionSpec opt = command.findOption(name);
        return opt == null ? Optional.empty() : Optional.ofNullable(opt.getValue());
    }

    /** Whether the command has option {@code name} at all. */
    boolean hasOption(String name) {
        return command != null && command.findOption(name) != null;
    }

    /** The value of the {@code index}th positional parameter, if given. */
    Optional<Object> positional(int index) {
        if (command == null || command.positionalParameters().size() <= index) {
            return Optional.empty();
        }
        return Optional.ofNullable(command.positionalParameters().get(index).getValue());
    }

    /**
     * The stream threads a parsed {@code classify} runs: {@code --threads} if given, else one per core the JVM sees,
     * which under a CPU limit of {@code cpuLimit} cores is that limit rounded up (at least 1).
     */
    int classifyStreamThreads(double cpuLimit) {
        return ((Number) option("--threads").orElse((int) Math.max(1, Math.ceil(cpuLimit)))).intValue();
    }

    /** The option's default (the application's value when the option is left out), as text. */
    Optional<String> defaultOf(String name) {
        OptionSpec opt = command == null ? null : command.findOption(name);
        return opt == null ? Optional.empty() : Optional.ofNullable(opt.defaultValue());
    }
}
