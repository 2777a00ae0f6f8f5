package io.fashionstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a {@link BenchReport} as {@code bench.json}, {@code bench.md} and PNG charts
 * ({@code raw-throughput.png}: images/s by batch size for each network, path and thread setting;
 * {@code end-to-end.png}: the end-to-end ladder) into one directory.
 */
public final class ReportWriter {
    public static final String JSON_FILE = "bench.json";
    public static final String MARKDOWN_FILE = "bench.md";
    public static final String RAW_CHART = "raw-throughput.png";
    public static final String E2E_CHART = "end-to-end.png";

    private ReportWriter() {
    }

    /** Writes all files and returns the Markdown file's path. */
    public static Path write(BenchReport report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Specs.JSON.writeValue(dir.resolve(JSON_FILE).toFile(), report);
        rawChart(report, dir.resolve(RAW_CHART));
        if (report.endToEnd() != null) {
            e2eChart(report.endToEnd(), dir.resolve(E2E_CHART));
        }
        Path md = dir.resolve(MARKDOWN_FILE);
        Files.writeString(md, markdown(report));
        return md;
    }

    static String label(BenchReport.RawRate r) {
        return r.network() + " " + r.path() + ", " + r.copies() + (r.copies() == 1 ? " copy" : " copies") + " x "
                + r.ompThreads() + " thread" + (r.ompThreads() == 1 ? "" : "s");
    }

    private static void rawChart(BenchReport report, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(620).title("Raw inference throughput (in-memory batches)")
                .xAxisTitle("batch size").yAxisTitle("images / s").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setDecimalPattern("#,###");
        Map<String, List<BenchReport.RawRate>> series = new LinkedHashMap<>();
        for (BenchReport.RawRate r : report.raw()) {
            series.computeIfAbsent(label(r), k -> new ArrayList<>()).add(r);
        }
        series.forEach((name, points) -> {
            var s = chart.addSeries(name, points.stream().mapToDouble(BenchReport.RawRate::batch).toArray(),
                    points.stream().mapToDouble(BenchReport.RawRate::imagesPerSecond).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
            if (!name.startsWith(Benchmark.DEFAULT_NETWORK + " ")) {
                s.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                        10f, new float[] {6f, 4f}, 0f));
            }
        });
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void e2eChart(BenchReport.EndToEndResult e2e, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
                .title("End to end through Kafka (exactly-once, embedded broker on the same cores)")
                .xAxisTitle("configuration").yAxisTitle("images / s").build();
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDecimalPattern("#,###");
        chart.addSeries("images/s", e2e.runs().stream().map(BenchReport.E2eRun::name).toList(),
                e2e.runs().stream().map(r -> (Number) r.imagesPerSecond()).toList());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static String markdown(BenchReport r) {
        StringBuilder md = new StringBuilder();
        var cpu = r.machine().cpu();
        md.append("# fashion-stream benchmark\n\n").append("Run ").append(r.createdAt()).append(" on ")
                .append(cpu.model()).append(" (").append(cpu.cores()).append(" cores).\n\n");
        md.append("## Targets\n\n| measure | target | this run | met |\n|---|---|---:|---|\n");
        for (BenchReport.Target t : r.targets()) {
            md.append("| ").append(t.name()).append(" | ").append(t.target()).append(" | ")
                    .append(t.value() == null ? "-" : f(t.value(), 3)).append(" | ").append(t.met() ? "yes" : "**no**").append(" |\n");
        }
        var m = r.machine();
        md.append("\n## Machine\n\n- fp32 peak derived from /proc/cpuinfo: ").append(m.peakFormula()).append('\n');
        if (m.measuredClockGhz() != null) {
            md.append("- measured clock of a busy core (a chain of dependent shift-adds, 2 cycles a step): ")
                    .append(f(m.measuredClockGhz(), 2)).append(" GHz\n");
        }
        md.append("- **peak used for the ratios: ").append(f(m.peakGflops(), 1)).append(" GFLOP/s**, ")
                .append(m.peakSource()).append('\n');
        if (!cpu.note().isEmpty()) {
            md.append("- ").append(cpu.note()).append(" (").append(f(m.effectivePeakGflops(), 1))
                    .append(" GFLOP/s); the raw ceiling is ").append(pct(r.rawCeilingOverEffectivePeak())).append(" of that\n");
        }
        if (m.measuredSgemmGflops() != null) {
            md.append("- measured: ND4J sgemm 1024x1024, one per core at once: ").append(f(m.measuredSgemmGflops(), 1))
                    .append(" GFLOP/s\n");
        }
        md.append("- other processes used ").append(pct(r.otherProcessesCpuShare()))
                .append(" of the machine's CPU time during this run\n");
        r.machine().runtimes().forEach(s -> md.append("- ").append(s).append('\n'));
        md.append("\n## Networks\n\n| network | role | model | FLOPs per image |\n|---|---|---|---:|\n");
        for (BenchReport.NetworkInfo n : r.networks()) {
            md.append("| ").append(n.name()).append(" | ").append(n.role()).append(" | ").append(n.version()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", n.flopsPerImage())).append(" |\n");
        }
        rawTable(md, r);
        if (r.endToEnd() != null) {
            e2eSection(md, r);
        }
        md.append("\n## Ratios\n\n- raw_ceiling_over_peak: ").append(f(r.rawCeilingOverPeak(), 3)).append('\n');
        if (r.endToEnd() != null) {
            if (r.batchedE2eOverPerRecordE2e() != null) {
                md.append("- batched_e2e_over_per_record_e2e: ").append(f(r.batchedE2eOverPerRecordE2e(), 2)).append('\n');
            }
            md.append("- e2e_over_raw_ceiling: ").append(f(r.e2eOverRawCeiling(), 3)).append('\n');
            md.append("- e2e_bound_over_raw_ceiling: ").append(f(r.e2eBoundOverRawCeiling(), 3))
                    .append(" (the most e2e_over_raw_ceiling could be: the classifier with a stand-in for the network, its "
                            + "rate and its CPU per image besides the network)\n");
        }
        md.append("\nFLOPs count 2 per multiply-add of the convolutions and dense layers (from the layer shapes). "
                + "Raw rates: each copy runs on its own thread over the same batch size for the measuring time after a "
                + "warm-up; thread settings that need a different OMP_NUM_THREADS ran in their own JVM. End to end: from "
                + "the first image sent to the last prediction visible to a read_committed consumer, with broker, "
                + "classifier and load generator sharing this machine.\n");
        return md.toString();
    }

    private static void rawTable(StringBuilder md, BenchReport r) {
        List<Integer> batches = r.raw().stream().map(BenchReport.RawRate::batch).distinct().sorted().toList();
        md.append("\n## Raw inference ceiling (images/s)\n\n![raw throughput](").append(RAW_CHART).append(")\n\n| configuration |");
        batches.forEach(b -> md.append(" batch ").append(b).append(" |"));
        md.append("\n|---|").append("---:|".repeat(batches.size())).append('\n');
        Map<String, Map<Integer, BenchReport.RawRate>> rows = new LinkedHashMap<>();
        r.raw().forEach(x -> rows.computeIfAbsent(label(x), k -> new LinkedHashMap<>()).put(x.batch(), x));
        rows.forEach((name, byBatch) -> {
            md.append("| ").append(name).append(" |");
            batches.forEach(b -> md.append(' ').append(byBatch.containsKey(b) ? f(byBatch.get(b).imagesPerSecond(), 0) : "-").append(" |"));
            md.append('\n');
        });
        var c = r.rawCeiling();
        md.append("\nCeiling: ").append(label(c)).append(", batch ").append(c.batch()).append(": ")
                .append(f(c.imagesPerSecond(), 0)).append(" images/s = ").append(f(c.gflops(), 1)).append(" GFLOP/s = ")
                .append(pct(c.shareOfPeak())).append(" of the fp32 peak.\n");
    }

    private static void e2eSection(StringBuilder md, BenchReport r) {
        var e = r.endToEnd();
        md.append("\n## End to end through Kafka\n\n![end to end](").append(E2E_CHART).append(")\n\n")
                .append("Model: ").append(e.model()).append(". Embedded broker overrides: ").append(e.brokerProperties())
                .append("; load generator producer: ").append(e.loadProducerProperties()).append(". Each step changes one thing "
                        + "from the step before; each step first warms up for ")
                .append(f(e.warmupSeconds(), 0)).append(" s, at least one round (a fresh classifier JVM and the broker "
                        + "keep compiling hot code for about a minute), then images/s is the best of the rounds listed in "
                        + "bench.json. CPU columns are cores busy during that round: in the network (inference only), the "
                        + "whole classifier JVM, and the benchmark JVM (embedded broker, load generator, prediction reader); "
                        + "JIT is both JVMs' compiler threads' CPU time per second (near 0 once warm).\n\n")
                .append("| step | change | path | batch | delay ms | stream threads | inference threads | OpenMP threads | images | images/s | vs previous | vs baseline | accuracy | mean batch | cores in network | classifier CPU | broker + load CPU | JIT |\n")
                .append("|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double previous = Double.NaN;
        for (BenchReport.E2eRun run : e.runs()) {
            md.append("| ").append(run.name()).append(" | ").append(run.change()).append(" | ").append(run.path())
                    .append(" | ").append(run.batchSize()).append(" | ").append(run.batchDelayMs()).append(" | ")
                    .append(run.streamThreads()).append(" | ").append(run.inferenceThreads()).append(" | ")
                    .append(run.ompThreads()).append(" | ").append(run.images())
                    .append(" | ").append(f(run.imagesPerSecond(), 0)).append(" | ")
                    .append(Double.isNaN(previous) ? "-" : "x" + f(run.imagesPerSecond() / previous, 2)).append(" | ")
                    .append(e.perRecordImagesPerSecond() == null ? "-"
                            : "x" + f(run.imagesPerSecond() / e.perRecordImagesPerSecond(), 2)).append(" | ")
                    .append(run.accuracy() == null ? "-" : f(run.accuracy(), 4)).append(" | ").append(f(run.meanBatch(), 1))
                    .append(" | ").append(f(run.inferenceCores(), 2)).append(" | ").append(f(run.classifierCpuCores(), 2))
                    .append(" | ").append(f(run.brokerAndLoadCpuCores(), 2)).append(" | ").append(f(run.jitCores(), 2))
                    .append(" |\n");
            previous = run.imagesPerSecond();
        }
        kafkaCost(md, r);
        var l = e.latencyAtHalfLoad();
        md.append(e.latencyAtFixedRate() ? "\nLatency of the tuned default at a fixed rate set with --latency-rate, not "
                        + "half its maximum, so the p99 target is not judged (" : "\nLatency of the tuned default at half its maximum rate (")
                .append(f(l.offeredRate(), 0))
                .append(" images/s offered, ").append(f(l.achievedRate(), 0)).append(" sent, ").append(l.images())
                .append(" images, after ").append(f(l.warmupSeconds(), l.warmupSeconds() == Math.rint(l.warmupSeconds()) ? 0 : 1))
                .append(" s at that rate not measured; JIT compiling ").append(f(l.jitCores(), 2)).append(" cores meanwhile): p50 ")
                .append(f(l.p50Ms(), 1)).append(" ms, p99 ").append(f(l.p99Ms(), 1))
                .append(" ms, max ").append(f(l.maxMs(), 1)).append(" ms. Until the prediction was written to its topic (broker ")
                .append("append time, before the transaction commit made it visible): p50 ").append(f(l.p50WrittenMs(), 1))
                .append(" ms, p99 ").append(f(l.p99WrittenMs(), 1)).append(" ms. Meanwhile the classifier ran batches of ")
                .append(f(l.meanBatch(), 1)).append(" images on average, an image took ").append(f(l.meanToPredictionMs(), 1))
                .append(" ms on average from its timestamp to its prediction (its batch's inference done), and a Kafka ")
                .append("Streams commit (which blocks its stream thread) took ").append(f(l.commitMs(), 1)).append(" ms on average")
                .append(commits(l)).append(cpu(l)).append(waiting(l)).append("\n");
        var t = e.transportLatency();
        md.append("\nKafka's exactly-once path alone at the same offered load (").append(f(t.achievedRate(), 0))
                .append(" images/s sent; the same Kafka Streams settings, topics and threads, each image answered at once with "
                        + "a fixed prediction: no network, no batching, no state store), after the same warm-ups; JIT compiling ")
                .append(f(t.jitCores(), 2)).append(" cores: p50 ")
                .append(f(t.p50Ms(), 1)).append(" ms, p99 ").append(f(t.p99Ms(), 1)).append(" ms, max ").append(f(t.maxMs(), 1))
                .append(" ms; until written: p50 ").append(f(t.p50WrittenMs(), 1)).append(" ms, p99 ")
                .append(f(t.p99WrittenMs(), 1)).append(" ms; a commit took ").append(f(t.commitMs(), 1))
                .append(" ms on average").append(commits(t)).append(" The classifier's path is this one plus micro-batching, "
                        + "the network and its batch buffer's changelog.").append(cpu(t)).append(waiting(t)).append("\n");
    }

    /**
     * Where a commit's time went and how often each stream thread committed, from Kafka's client metrics over the
     * latency run; a prediction becomes visible to read_committed consumers only with its stream thread's next commit.
     */
    static String commits(EndToEnd.Latency l) {
        if (l.commitsPerSecondPerThread() <= 0) { // no commits, so no split either
            return ".";
        }
        return ": its producer waited " + f(l.flushMs(), 1) + " ms for the transaction's records to be written, "
                + f(l.offsetsMs(), 1) + " ms to add the consumed offsets and " + f(l.endTxnMs(), 1)
                + " ms to end the transaction. Each stream thread committed " + f(l.commitsPerSecondPerThread(), 1)
                + " times a second, once every " + f(1000 / l.commitsPerSecondPerThread(), 1) + " ms.";
    }

    /**
     * Kafka's path alone at full speed and its CPU per image; the tuned default with a stand-in for the network, its
     * rate and CPU per image, and the end-to-end share these leave at most.
     */
    private static void kafkaCost(StringBuilder md, BenchReport r) {
        BenchReport.E2eRun k = r.endToEnd().transport();
        BenchReport.E2eRun s = r.endToEnd().networkStandIn();
        int cores = r.machine().cpu().cores();
        double ceiling = r.rawCeiling().imagesPerSecond();
        double networkUs = cores / ceiling * 1e6;
        double cpuBound = Benchmark.cpuBound(s, ceiling, cores);
        md.append("\nKafka's exactly-once path alone as fast as possible (the tuned default's Kafka Streams settings, topics "
                        + "and threads, each image answered at once with a fixed prediction: no network, no batching, no state "
                        + "store), after the same warm-up: ").append(f(k.imagesPerSecond(), 0)).append(" images/s (best of ")
                .append(rounds(k)).append("), the classifier JVM busy ").append(f(k.classifierCpuCores(), 2))
                .append(" cores and broker + load ").append(f(k.brokerAndLoadCpuCores(), 2)).append(", JIT compiling ")
                .append(f(k.jitCores(), 2)).append(" of those: ").append(f(Benchmark.cpuPerImageBesidesNetwork(k) * 1e6, 1))
                .append(" µs of CPU per image without the JIT.\n");
        md.append("\nThe tuned default with a stand-in for the network (each batch sleeps ").append(f(networkUs, 1))
                .append(" µs per image on its thread, the network's time at the raw ceiling: ").append(cores)
                .append(" cores ÷ ").append(f(ceiling, 0)).append(" images/s; everything else as in the classifier), after ")
                .append("the same warm-up: ").append(f(s.imagesPerSecond(), 0)).append(" images/s (best of ").append(rounds(s))
                .append("), **").append(f(s.imagesPerSecond() / ceiling, 3)).append(" of the raw ceiling**, the classifier JVM ")
                .append("busy ").append(f(s.classifierCpuCores(), 2)).append(" cores and broker + load ")
                .append(f(s.brokerAndLoadCpuCores(), 2)).append(load(s.loadCpuCores())).append(", JIT compiling ")
                .append(f(s.jitCores(), 2))
                .append(" of those: **").append(f(Benchmark.cpuPerImageBesidesNetwork(s) * 1e6, 1)).append(" µs of CPU per image "
                        + "besides the network**. If that and the network's ").append(f(networkUs, 1)).append(" µs only added "
                        + "up, ").append(cores).append(" cores could answer at most ").append(f(cpuBound * ceiling, 0))
                .append(" images/s, ").append(f(cpuBound, 3)).append(" of the raw ceiling. The lower of the two, ")
                .append(f(r.e2eBoundOverRawCeiling(), 3)).append(", is e2e_bound_over_raw_ceiling, against the tuned default's ")
                .append(f(r.e2eOverRawCeiling(), 3)).append(".");
        BenchReport.E2eRun tuned = r.endToEnd().runs().get(r.endToEnd().runs().size() - 1);
        if (!tuned.brokerRequestsPerSecond().isEmpty()) {
            md.append(" The broker's requests per second in those best rounds: the tuned default's ")
                    .append(requests(tuned.brokerRequestsPerSecond())).append("; the Kafka path alone's ")
                    .append(requests(k.brokerRequestsPerSecond())).append("; with the stand-in ")
                    .append(requests(s.brokerRequestsPerSecond())).append('.');
        }
        md.append('\n');
    }

    /**
     * Requests per second by API, the most frequent first, those under one in two seconds (heartbeats) left out of
     * the list but not the sum: "Produce 63, Fetch 59 (122 in all)".
     */
    static String requests(Map<String, Double> perSecond) {
        StringBuilder s = new StringBuilder();
        perSecond.entrySet().stream().filter(e -> e.getValue() >= 0.5)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e ->
                        s.append(s.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(f(e.getValue(), 0)));
        return s.append(" (").append(f(perSecond.values().stream().mapToDouble(Double::doubleValue).sum(), 0))
                .append(" in all)").toString();
    }

    /** "4 rounds" for a run's measured rounds. */
    private static String rounds(BenchReport.E2eRun run) {
        return run.roundRates().size() + (run.roundRates().size() == 1 ? " round" : " rounds");
    }

    /** Both JVMs' CPU during a latency run. */
    static String cpu(EndToEnd.Latency l) {
        return " The classifier JVM was busy " + f(l.classifierCpuCores(), 2) + " cores, the broker and load generator "
                + f(l.brokerAndLoadCpuCores(), 2) + load(l.loadCpuCores()) + ".";
    }

    /** The load generator's and prediction reader's part of the benchmark JVM's CPU, where Linux tells it. */
    static String load(double loadCpuCores) {
        return Double.isNaN(loadCpuCores) ? "" : " (the load generator and prediction reader " + f(loadCpuCores, 2) + " of those)";
    }

    /** How long runnable threads waited for a core during a latency run, where Linux's per-thread counters tell. */
    private static String waiting(EndToEnd.Latency l) {
        if (Double.isNaN(l.classifierWaitCores()) || Double.isNaN(l.brokerAndLoadWaitCores())) {
            return "";
        }
        return " Runnable threads waited for a core (summed over threads, per second): classifier "
                + f(l.classifierWaitCores(), 2) + ", broker and load generator " + f(l.brokerAndLoadWaitCores(), 2) + ".";
    }

    private static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
