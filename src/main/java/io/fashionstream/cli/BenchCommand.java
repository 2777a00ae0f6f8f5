package io.fashionstream.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import io.fashionstream.bench.BenchConfig;
import io.fashionstream.bench.BenchReport;
import io.fashionstream.bench.Benchmark;
import io.fashionstream.bench.ReportWriter;
import io.fashionstream.model.Architecture;
import io.fashionstream.stream.ClassifierConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench}: measures raw and end-to-end throughput and writes a report. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the classifier's throughput: the raw inference ceiling (in-memory batches, per path and "
                + "thread setting), the machine's fp32 peak, and end to end through an embedded Kafka broker, from the "
                + "per-record baseline to the tuned default, with latency at half load.",
                "Writes bench.md, bench.json and PNG charts into --output. Takes several minutes; run it on an otherwise idle machine."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, description = "Report directory")
    Path output;

    @Option(names = "--model", defaultValue = "models/cnn-bn.fsmodel",
            description = "The default network's artifact; a freshly initialised cnn-bn if the file does not exist (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--seed-model", defaultValue = "models/cnn.fsmodel",
            description = "The seed CNN's artifact; a freshly initialised cnn if the file does not exist (default: ${DEFAULT-VALUE})")
    Path seedModel;

    @Option(names = "--data", description = "Directory with the Fashion-MNIST files (default: the standard search)")
    Path data;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32,64,128,256",
            description = "Batch sizes of the raw measurement (default: ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--warmup-seconds", defaultValue = "0.5", description = "Warm-up before each raw measurement (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "2", description = "Length of each raw measurement (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--end-to-end", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure end to end through Kafka too (default: yes; --no-end-to-end skips it)")
    boolean endToEnd;

    /** Which end-to-end steps to run. */
    enum Steps { all, tuned }

    @Option(names = "--steps", defaultValue = "all",
            description = "End-to-end steps: all (the ladder from the per-record baseline) or tuned (only the tuned default "
                    + "and its latency: a quick check of one setting, no batched/per-record ratio) (default: ${DEFAULT-VALUE})")
    Steps steps;

    @Option(names = "--images", defaultValue = "30000",
            description = "Images per end-to-end round, the test set's 10,000 over again as needed; a round should last "
                    + "seconds, not one: the first batches and the last commit are in it (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--baseline-images", defaultValue = "2000",
            description = "Images for the slow per-record baseline (default: ${DEFAULT-VALUE})")
    int baselineImages;

    @Option(names = "--warmup-images", defaultValue = "2000",
            description = "Images per warm-up round before each end-to-end measurement; 0: no warm-up (default: ${DEFAULT-VALUE})")
    int warmupImages;

    @Option(names = "--e2e-warmup-seconds", defaultValue = "60",
            description = "Warm-up rounds continue until this much time has passed: the broker and a fresh classifier JVM "
                    + "keep compiling hot code for about a minute on 2 cores (default: ${DEFAULT-VALUE})")
    double e2eWarmupSeconds;

    @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of each latency run (default: ${DEFAULT-VALUE})")
    double latencySeconds;

    @Option(names = "--latency-warmup-seconds", defaultValue = "60",
            description = "Images sent at the latency run's rate first, not measured: the JVMs compile the code paths of a "
                    + "paced load for about a minute; the report gives the JIT compilers' activity during the latency run "
                    + "(default: ${DEFAULT-VALUE})")
    double latencyWarmupSeconds;

    @Option(names = "--latency-rate", defaultValue = "0",
            description = "Images/s offered in the latency runs; 0: half the tuned default's measured maximum, the load the "
                    + "p99 target is judged at. A fixed rate compares settings at the same load and leaves the p99 target "
                    + "unjudged (default: ${DEFAULT-VALUE})")
    double latencyRate;

    @Option(names = "--batch-size", defaultValue = "" + ClassifierConfig.DEFAULT_BATCH_SIZE, description = "Tuned classifier: max batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--batch-delay-ms", defaultValue = "" + ClassifierConfig.DEFAULT_BATCH_DELAY_MS, description = "Tuned classifier: max batch delay (default: ${DEFAULT-VALUE})")
    int batchDelayMs;

    @Option(names = "--stream-threads", description = "Tuned classifier: stream threads, one network copy each (default: one per core)")
    Integer streamThreads;

    @Option(names = "--inference-threads", defaultValue = "0",
            description = "Tuned classifier: threads that run the network off the stream threads, measured as a ladder "
                    + "step of its own; 0 runs it on them, as classify does by default (default: ${DEFAULT-VALUE})")
    int inferenceThreads;

    @Option(names = "--commit-interval-ms", defaultValue = "0",
            description = "Tuned classifier: Kafka Streams commit.interval.ms; 0 keeps the classifier's default (default: ${DEFAULT-VALUE})")
    int commitIntervalMs;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "Tuned classifier: any Kafka Streams or client property over the classifier's defaults (repeatable)")
    Map<String, String> kafka = new TreeMap<>();

    @Option(names = "--broker", paramLabel = "KEY=VALUE",
            description = "Embedded broker property (repeatable; default: add.partitions.to.txn.retry.backoff.ms=1)")
    Map<String, String> broker = new TreeMap<>(Map.of("add.partitions.to.txn.retry.backoff.ms", "1"));

    @Option(names = "--rounds", defaultValue = "4",
            description = "Measured rounds per end-to-end step, best reported; stops early when two agree within 10%% (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--producer", paramLabel = "KEY=VALUE",
            description = "Load generator: producer property over the project's defaults (repeatable; default: linger.ms=5)")
    Map<String, String> producer = new TreeMap<>(Map.of("linger.ms", "5"));

    @Override
    public Integer call() throws Exception {
        var config = new BenchConfig(output, spec(model, Architecture.CNN_BN), spec(seedModel, Architecture.CNN), data,
                batches, warmupSeconds, seconds, endToEnd, images, baselineImages, warmupImages, e2eWarmupSeconds, latencySeconds,
                latencyWarmupSeconds, latencyRate,
                batchSize, batchDelayMs, streamThreads != null ? streamThreads : Runtime.getRuntime().availableProcessors(),
                inferenceThreads, tunedProperties(), producer, broker, rounds, steps == Steps.tuned);
        var out = spec.commandLine().getOut();
        out.printf("Benchmarking %s and %s; report -> %s%n", config.defaultModel(), config.seedModel(), output);
        out.flush();
        BenchReport report = new Benchmark(config).run();
        Path md = ReportWriter.write(report, output);
        for (BenchReport.Target t : report.targets()) {
            out.printf(Locale.ROOT, "%-34s %10s  (target %s)%s%n", t.name(), t.value() == null ? "-" : String.format(Locale.ROOT, "%.3f", t.value()),
                    t.target(), t.met() ? "" : "  NOT MET");
        }
        out.printf("Report -> %s%n", md);
        return 0;
    }

    private Map<String, String> tunedProperties() {
        Map<String, String> props = new TreeMap<>(kafka);
        if (commitIntervalMs > 0) {
            props.put("commit.interval.ms", Integer.toString(commitIntervalMs));
        }
        return props;
    }

    private static String spec(Path file, Architecture arch) {
        return java.nio.file.Files.isRegularFile(file) ? file.toAbsolutePath().toString() : "fresh:" + arch.id();
    }
}
