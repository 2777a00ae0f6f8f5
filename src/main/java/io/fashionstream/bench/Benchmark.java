package io.fashionstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.kafka.BrokerConfig;
import io.fashionstream.kafka.EmbeddedKafka;
import io.fashionstream.stream.ClassifierConfig;

/**
 * Runs the whole benchmark: the raw inference ceiling in child JVMs (one per OpenMP thread setting), the
 * machine's peak, then, on an embedded broker, the classifier end to end as a ladder of configurations
 * from the per-record baseline to the tuned default, and the tuned default's latency at half its maximum
 * rate (or at a rate the user set); then Kafka's exactly-once path alone, as fast as possible and at that same rate;
 * last the tuned default with a stand-in for the network, as fast as possible (its rate and CPU bound the end-to-end
 * rate). Returns the report; {@link ReportWriter} writes it.
 */
public final class Benchmark {
    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    static final String DEFAULT_NETWORK = "cnn-bn";
    static final String SEED_NETWORK = "cnn";
    /** The end-to-end target: end to end ÷ raw ceiling at least this. */
    static final double E2E_TARGET = 0.80;

    private final BenchConfig config;
    private final Path work;

    public Benchmark(BenchConfig config) throws IOException {
        this.config = config;
        this.work = Files.createDirectories(config.output().resolve("work"));
    }

    public BenchReport run() throws IOException, InterruptedException {
        CpuAccounting accounting = CpuAccounting.start();
        CpuPeak cpu = CpuPeak.detect();
        log.info("CPU: {}; {}", cpu.model(), cpu.formula());
        List<Specs.Network> networks = List.of(
                new Specs.Network(DEFAULT_NETWORK, "default", config.defaultModel()),
                new Specs.Network(SEED_NETWORK, "seed CNN", config.seedModel()));
        int cores = cpu.cores();
        // Default OpenMP threads (one per core): the network as trained and the NHWC path, one copy.
        Specs.RawResult shared = raw("default-threads", null, networks,
                List.of(new Specs.RawVariant(Specs.AS_TRAINED, 1), new Specs.RawVariant(Specs.NHWC, 1)), 0);
        // One OpenMP thread per copy, one copy per core; plus one copy alone for the per-core rate.
        Specs.RawResult perCore = raw("one-thread", 1, networks,
                List.of(new Specs.RawVariant(Specs.AS_TRAINED, cores), new Specs.RawVariant(Specs.NHWC, cores),
                        new Specs.RawVariant(Specs.NHWC, 1)), cores);

        List<BenchReport.NetworkInfo> infos = new ArrayList<>();
        for (Specs.Network n : networks) {
            infos.add(new BenchReport.NetworkInfo(n.name(), n.role(), n.spec(), shared.versions().get(n.name()),
                    shared.flopsPerImage().get(n.name())));
        }
        BenchReport.Machine machine = machine(cpu, perCore.clockGhz(), perCore.sgemmGflops(),
                List.of("OMP_NUM_THREADS unset: " + shared.runtime(), "OMP_NUM_THREADS=1: " + perCore.runtime(),
                        jitSetting()));
        List<BenchReport.RawRate> rates = new ArrayList<>();
        for (Specs.RawResult r : List.of(shared, perCore)) {
            for (Specs.RawPoint p : r.points()) {
                double gflops = p.imagesPerSecond() * r.flopsPerImage().get(p.network()) / 1e9;
                rates.add(new BenchReport.RawRate(p.network(), p.path(), p.copies(), p.ompThreads(), p.batch(),
                        p.imagesPerSecond(), gflops, gflops / machine.peakGflops()));
            }
        }
        BenchReport.RawRate ceiling = rates.stream()
                .filter(r -> r.network().equals(DEFAULT_NETWORK) && r.path().equals(Specs.NHWC))
                .max(Comparator.comparingDouble(BenchReport.RawRate::imagesPerSecond)).orElseThrow();
        log.info("Raw ceiling of {}: {} img/s ({} x{} copies, batch {}), {} of the fp32 peak", DEFAULT_NETWORK,
                Math.round(ceiling.imagesPerSecond()), ceiling.path(), ceiling.copies(), ceiling.batch(),
                String.format("%.1f%%", 100 * ceiling.shareOfPeak()));

        BenchReport.EndToEndResult e2e = config.endToEnd() ? endToEnd(ceiling.imagesPerSecond(), cores) : null;
        Double overBaseline = e2e == null || e2e.perRecordImagesPerSecond() == null ? null
                : e2e.tunedImagesPerSecond() / e2e.perRecordImagesPerSecond();
        Double overCeiling = e2e == null ? null : e2e.tunedImagesPerSecond() / ceiling.imagesPerSecond();
        Double bound = e2e == null ? null : e2eBound(e2e.networkStandIn(), ceiling.imagesPerSecond(), cores);
        double overPeak = ceiling.shareOfPeak();
        double overEffective = ceiling.gflops() / machine.effectivePeakGflops();
        List<BenchReport.Target> targets = new ArrayList<>();
        targets.add(new BenchReport.Target("raw_ceiling_over_peak", ">= 0.25", overPeak, overPeak >= 0.25));
        if (e2e != null) {
            if (overBaseline != null) {
                targets.add(new BenchReport.Target("batched_e2e_over_per_record_e2e", ">= 10", overBaseline, overBaseline >= 10));
            }
            targets.add(new BenchReport.Target("e2e_over_raw_ceiling", String.format(Locale.ROOT, ">= %.2f", E2E_TARGET),
                    overCeiling, overCeiling >= E2E_TARGET));
            if (!e2e.latencyAtFixedRate()) { // judged at half load only
                double p99 = e2e.latencyAtHalfLoad().p99Ms();
                targets.add(new BenchReport.Target("p99_latency_ms_at_half_load", "<= 50", p99, p99 <= 50));
            }
        }
        return new BenchReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), machine, infos, rates,
                ceiling, e2e, overBaseline, overCeiling, bound, overPeak, overEffective, targets,
                accounting == null ? Double.NaN : accounting.othersShare());
    }

    /**
     * The most end to end ÷ raw ceiling could be on {@code cores} cores, from the classifier with a stand-in for the
     * network (each batch takes the network's time at the raw ceiling on its stream thread, and no CPU): the lower of
     * its own rate ÷ ceiling (the real network takes at least that long, so the stream threads cannot go faster) and
     * {@link #cpuBound}. Optimistic: inference shares caches and cores.
     */
    static double e2eBound(BenchReport.E2eRun standIn, double ceiling, int cores) {
        return Math.min(standIn.imagesPerSecond() / ceiling, cpuBound(standIn, ceiling, cores));
    }

    /**
     * The share of the raw ceiling {@code cores} cores leave if each image took {@code run}'s CPU per image
     * ({@link #cpuPerImageBesidesNetwork}) plus {@code cores ÷ ceiling} of inference.
     */
    static double cpuBound(BenchReport.E2eRun run, double ceiling, int cores) {
        return 1 / (1 + cpuPerImageBesidesNetwork(run) * ceiling / cores);
    }

    /**
     * CPU seconds per image of a run without the network (Kafka's path alone, the stand-in): the classifier JVM's and
     * this JVM's (broker, load generator, prediction reader), less both JVMs' JIT compiling, which a long-running broker
     * and classifier no longer do.
     */
    static double cpuPerImageBesidesNetwork(BenchReport.E2eRun run) {
        return Math.max(0, run.classifierCpuCores() + run.brokerAndLoadCpuCores() - run.jitCores()) / run.imagesPerSecond();
    }

    /**
     * The JIT thresholds of this JVM (embedded broker, load generator: set by whoever started it, bin/fashion-stream
     * for {@code bench}) and of the child JVMs ({@link ChildJvm#JIT_OPTION}).
     */
    static String jitSetting() {
        var hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return "JIT CompileThresholdScaling: " + hotspot.getVMOption("CompileThresholdScaling").getValue()
                + " in this JVM (broker, load generator), " + ChildJvm.JIT_THRESHOLD_SCALING
                + " in the classifier JVMs (1 is HotSpot's default; lower compiles sooner)";
    }

    /** The peak the ratios use: the nominal formula at the higher of the cpuinfo clock and the measured one. */
    static BenchReport.Machine machine(CpuPeak cpu, Double clockGhz, Double sgemm, List<String> runtimes) {
        double cpuinfoGhz = cpu.mhz() / 1000;
        boolean measuredHigher = clockGhz != null && clockGhz > cpuinfoGhz;
        double scale = measuredHigher ? clockGhz / cpuinfoGhz : 1;
        String source = measuredHigher
                ? String.format(java.util.Locale.ROOT, "the same formula at the measured %.2f GHz (above the %.2f GHz of %s)",
                        clockGhz, cpuinfoGhz, cpu.clockSource())
                : "the formula at the " + cpu.clockSource() + " clock" + (clockGhz == null ? ""
                        : String.format(java.util.Locale.ROOT, " (measured %.2f GHz)", clockGhz));
        return new BenchReport.Machine(cpu, cpu.formula(), clockGhz, cpu.gflops() * scale, source,
                cpu.effectiveGflops() * scale, sgemm, runtimes);
    }

    private Specs.RawResult raw(String name, Integer omp, List<Specs.Network> networks, List<Specs.RawVariant> variants,
                                int sgemmThreads) throws IOException, InterruptedException {
        var spec = new Specs.RawSpec(networks, variants, config.batches(), config.warmupSeconds(), config.rawSeconds(),
                sgemmThreads, config.dataDir() == null ? null : config.dataDir().toString());
        Path specFile = work.resolve("raw-" + name + ".json");
        Path resultFile = work.resolve("raw-" + name + "-result.json");
        Files.deleteIfExists(resultFile);
        Specs.JSON.writeValue(specFile.toFile(), spec);
        log.info("Raw throughput, OpenMP threads {}: {} ...", omp == null ? "default" : omp, variants);
        double expected = networks.size() * variants.size() * config.batches().size()
                * (config.warmupSeconds() + config.rawSeconds());
        try (ChildJvm child = ChildJvm.start("raw " + name, omp, work.resolve("raw-" + name + ".log"),
                "raw", specFile.toString(), resultFile.toString())) {
            int code = child.waitFor(Duration.ofSeconds(Math.round(expected * 3 + 300)));
            if (code != 0 || !Files.exists(resultFile)) {
                throw new IllegalStateException("raw benchmark (" + name + ") failed with exit code " + code
                        + "; see " + work.resolve("raw-" + name + ".log"));
            }
        }
        return Specs.JSON.readValue(resultFile.toFile(), Specs.RawResult.class);
    }

    /**
     * The ladder: each step changes one thing, from the per-record baseline to the tuned default. The steps
     * before the last run on Kafka Streams' stock commit interval and producer batching; the last one on the
     * classifier's own defaults ({@link ClassifierConfig#TUNED_KAFKA_DEFAULTS}) plus any {@code --kafka} overrides,
     * so "tuned default" is what {@code classify} runs with. With {@code tunedOnly}, just that last step.
     */
    List<EndToEnd.Variant> ladder() {
        Map<String, String> stock = ClassifierConfig.STREAMS_STOCK_PROPERTIES;
        Map<String, String> tuned = new TreeMap<>(ClassifierConfig.TUNED_KAFKA_DEFAULTS);
        tuned.putAll(config.tunedKafkaProperties());
        int b = config.tunedBatchSize();
        int d = config.tunedBatchDelayMs();
        int streams = config.tunedStreamThreads();
        int inference = config.tunedInferenceThreads();
        List<EndToEnd.Variant> steps = new ArrayList<>();
        steps.add(new EndToEnd.Variant("per-record baseline",
                "network as trained (NCHW), output() per record, default threads, Kafka Streams' stock settings",
                false, 1, 1, 1, 0, null, stock, false));
        steps.add(new EndToEnd.Variant("micro-batching", "batches of up to " + b + " or " + d + " ms", false, b, d, 1, 0,
                null, stock, false));
        steps.add(new EndToEnd.Variant("nhwc serving path", "NHWC, folded batch norm, direct ND4J ops", true, b, d, 1, 0,
                null, stock, false));
        steps.add(new EndToEnd.Variant("network per core", streams + " stream threads x 1 OpenMP thread",
                true, b, d, streams, 0, 1, stock, false));
        if (inference > 0) {
            steps.add(new EndToEnd.Variant("inference threads", "the network on " + inference + " inference threads "
                    + "(1 OpenMP thread each); the stream threads poll and commit meanwhile", true, b, d, streams,
                    inference, 1, stock, false));
        }
        steps.add(new EndToEnd.Variant("tuned default", String.join(", ", tuned.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()), true, b, d, streams, inference, 1, tuned, false));
        return config.tunedOnly() ? steps.subList(steps.size() - 1, steps.size()) : steps;
    }

    private BenchReport.EndToEndResult endToEnd(double ceiling, int cores) throws IOException, InterruptedException {
        LabelledImages test = DatasetLocator.standard(Optional.ofNullable(config.dataDir())).locate().test();
        List<BenchReport.E2eRun> runs = new ArrayList<>();
        EndToEnd.Latency latency = null;
        BrokerConfig broker = BrokerConfig.defaults();
        for (var e : config.brokerProperties().entrySet()) {
            broker = broker.withProperty(e.getKey(), e.getValue());
        }
        BenchReport.E2eRun transport;
        EndToEnd.Latency transportLatency;
        BenchReport.E2eRun standIn;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(broker)) {
            List<EndToEnd.Variant> steps = ladder();
            for (int i = 0; i < steps.size(); i++) {
                EndToEnd.Variant v = steps.get(i);
                try (EndToEnd run = EndToEnd.start(v, "r" + i, kafka.bootstrapServers(), config.defaultModel(), test, work,
                        config.loadProducerProperties())) {
                    runs.add(measure(run, v, !config.tunedOnly() && i == 0));
                    if (i == steps.size() - 1) {
                        latency = latency(run, v, latencyRate(config.latencyRate(), runs.get(i).imagesPerSecond()));
                    }
                }
            }
            // Kafka Streams alone: its CPU per image at full speed, and how much of the latency is Kafka's exactly-once path.
            EndToEnd.Variant floor = steps.get(steps.size() - 1).transport();
            try (EndToEnd run = EndToEnd.start(floor, "transport", kafka.bootstrapServers(), config.defaultModel(), test,
                    work, config.loadProducerProperties())) {
                transport = measure(run, floor, false);
                transportLatency = latency(run, floor, latency.offeredRate());
            }
            // The tuned default without the network's CPU: what everything else costs, in the classifier's own shape.
            EndToEnd.Variant withoutNetwork = steps.get(steps.size() - 1).standIn(cores / ceiling * 1e6);
            try (EndToEnd run = EndToEnd.start(withoutNetwork, "stand-in", kafka.bootstrapServers(), config.defaultModel(),
                    test, work, config.loadProducerProperties())) {
                standIn = measure(run, withoutNetwork, false);
            }
        }
        return new BenchReport.EndToEndResult(config.defaultModel(), config.brokerProperties().toString(),
                config.loadProducerProperties().toString(), config.e2eWarmupSeconds(), runs,
                config.tunedOnly() ? null : runs.get(0).imagesPerSecond(), runs.get(runs.size() - 1).imagesPerSecond(),
                config.latencyRate() > 0, latency, transport, transportLatency, standIn);
    }

    /** The rate offered in the latency runs: the one set, or half the tuned default's measured maximum (0 set). */
    static double latencyRate(double configured, double measuredMax) {
        return configured > 0 ? configured : measuredMax / 2;
    }

    /**
     * The latency at {@code rate}, after an unmeasured run at the same rate ({@link BenchConfig#latencyWarmupSeconds()},
     * 0 for none). Both JVMs' JIT activity during the measured run is reported with it: a paced load runs code paths the
     * full-load rounds did not, and with the network on the stream threads, after none or 30 s of it the compilers took
     * 0.4-0.8 of the 2 cores during the classifier's measured latency run, after 60 s 0.03-0.08 (with inference threads
     * still 0.62 after 60 s; README, "Throughput").
     */
    private EndToEnd.Latency latency(EndToEnd run, EndToEnd.Variant v, double rate) throws InterruptedException {
        double warm = config.latencyWarmupSeconds();
        if (warm > 0) {
            paced(run, v, "Latency warm-up", rate, warm);
        }
        EndToEnd.Latency latency = paced(run, v, "Latency", rate, config.latencySeconds()).afterWarmUp(warm);
        run.threadMetrics(); // Kafka Streams' time split per thread, into the child's log
        return latency;
    }

    /**
     * Sends images at {@code rate} for {@code seconds} (at least 10 images), keyed by {@code phase} in lower case, and
     * logs their latency under that name.
     */
    private static EndToEnd.Latency paced(EndToEnd run, EndToEnd.Variant v, String phase, double rate, double seconds)
            throws InterruptedException {
        int count = (int) Math.max(10, Math.round(rate * seconds));
        EndToEnd.Latency latency = run.latency(phase.toLowerCase(Locale.ROOT).replace(' ', '-'), rate, count,
                timeout(count).plusSeconds(Math.round(seconds)));
        log.info("{} of '{}' at {} img/s offered ({} s): p50 {} ms, p99 {} ms, JIT compiling {} cores", phase, v.name(),
                Math.round(rate), seconds, String.format("%.1f", latency.p50Ms()), String.format("%.1f", latency.p99Ms()),
                String.format("%.2f", latency.jitCores()));
        return latency;
    }

    /** Rounds of {@code images} until {@link BenchConfig#e2eWarmupSeconds()} have passed: at least one, none for 0 images. */
    private void warmUp(EndToEnd run, EndToEnd.Variant v, int images) throws InterruptedException {
        long warmUntil = System.nanoTime() + Math.round(config.e2eWarmupSeconds() * 1e9);
        for (int round = 0; images > 0 && (round == 0 || System.nanoTime() < warmUntil); round++) {
            EndToEnd.Throughput t = run.throughput("warmup" + round, images, timeout(images));
            log.debug("End to end '{}' warm-up round {}: {} img/s, JIT compiling {} cores", v.name(), round + 1,
                    Math.round(t.imagesPerSecond()), String.format("%.2f", t.jitCores()));
        }
    }

    /**
     * Warm-up rounds ({@link #warmUp}), then measured rounds until two in a row agree within 10% (at most
     * {@code maxRounds}; the slow per-record baseline at most 2); returns the best round, with all round rates.
     */
    private BenchReport.E2eRun measure(EndToEnd run, EndToEnd.Variant v, boolean baseline) throws InterruptedException {
        int n = baseline ? config.baselineImages() : config.images();
        int warm = baseline ? Math.min(config.warmupImages(), Math.max(1, n / 10)) : config.warmupImages();
        warmUp(run, v, warm);
        int maxRounds = baseline ? Math.min(2, config.maxRounds()) : config.maxRounds();
        List<Double> rates = new ArrayList<>();
        EndToEnd.Throughput best = null;
        for (int round = 0; round < maxRounds; round++) {
            EndToEnd.Throughput t = run.throughput("round" + round, n, timeout(n));
            log.info("End to end '{}' round {}: {} img/s ({} images in {} s; JIT compiling {} cores)", v.name(),
                    round + 1, Math.round(t.imagesPerSecond()), n, String.format("%.2f", t.seconds()),
                    String.format("%.2f", t.jitCores()));
            boolean steady = !rates.isEmpty() && Math.abs(t.imagesPerSecond() / rates.get(rates.size() - 1) - 1) < 0.10;
            rates.add(t.imagesPerSecond());
            if (best == null || t.imagesPerSecond() > best.imagesPerSecond()) {
                best = t;
            }
            if (steady) {
                break;
            }
        }
        return new BenchReport.E2eRun(v.name(), v.change(), v.path(),
                v.batchSize(), v.batchDelayMs(), v.streamThreads(), v.inferenceThreads(),
                v.ompThreads() == null ? "default" : v.ompThreads().toString(), v.kafkaProperties().toString(),
                n, best.seconds(), best.imagesPerSecond(), List.copyOf(rates), v.runsNetwork() ? best.accuracy() : null,
                best.meanBatch(), best.inferenceCores(), best.classifierCpuCores(), best.brokerAndLoadCpuCores(),
                best.jitCores(), best.brokerRequestsPerSecond(), best.loadCpuCores());
    }

    private static Duration timeout(int images) {
        return Duration.ofSeconds(120 + images / 20);
    }
}
