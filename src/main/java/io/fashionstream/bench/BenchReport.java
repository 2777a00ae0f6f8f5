package io.fashionstream.bench;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything one benchmark run measured, as written to {@code bench.json} (snake_case field names). Rates
 * are images per second, GFLOP/s are 1e9 flops per second, ratios are plain fractions. The end-to-end part
 * and the ratios that need it are null when the run skipped it. {@code e2eBoundOverRawCeiling} is the most
 * {@code e2eOverRawCeiling} could be if inference cost no more than at the ceiling and everything else no more than with
 * a stand-in for the network ({@link Benchmark#e2eBound}, from {@link EndToEndResult#networkStandIn()}).
 * {@code otherProcessesCpuShare} is the share of the machine's CPU time that processes outside the benchmark took
 * during the run.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BenchReport(String createdAt, Machine machine, List<NetworkInfo> networks, List<RawRate> raw,
                          RawRate rawCeiling, EndToEndResult endToEnd, Double batchedE2eOverPerRecordE2e,
                          Double e2eOverRawCeiling, Double e2eBoundOverRawCeiling, double rawCeilingOverPeak,
                          double rawCeilingOverEffectivePeak, List<Target> targets, double otherProcessesCpuShare) {

    /**
     * The CPU and its peaks. {@code peakGflops} is the fp32 peak the ratios use: the nominal formula of
     * {@link CpuPeak} at the higher of the /proc/cpuinfo clock and {@code measuredClockGhz} (the clock a busy
     * core ran at, {@link ClockProbe}), so a turbo clock does not inflate the ratios; {@code peakSource} says which.
     * {@code effectivePeakGflops} is the same at the microarchitecture's real vector width. {@code runtimes}
     * describes ND4J in each child JVM (thread settings) and, last, the JVMs' JIT thresholds.
     */
    public record Machine(CpuPeak cpu, String peakFormula, Double measuredClockGhz, double peakGflops,
                          String peakSource, double effectivePeakGflops, Double measuredSgemmGflops,
                          List<String> runtimes) {
    }

    public record NetworkInfo(String name, String role, String model, String version, long flopsPerImage) {
    }

    /** One raw measurement; {@code gflops} = rate x FLOPs per image, {@code shareOfPeak} its share of the derived peak. */
    public record RawRate(String network, String path, int copies, int ompThreads, int batch, double imagesPerSecond,
                          double gflops, double shareOfPeak) {
    }

    /**
     * One classifier configuration end to end; each step of the ladder changes one thing from the one before.
     * {@code imagesPerSecond} is the best of {@code roundRates} ({@code images} each); the CPU fields and the broker's
     * requests per second by API say where the time went during that round (see {@link EndToEnd.Throughput}).
     */
    public record E2eRun(String name, String change, String path, int batchSize, int batchDelayMs, int streamThreads,
                         int inferenceThreads, String ompThreads, String kafkaProperties, int images, double seconds, double imagesPerSecond,
                         List<Double> roundRates, Double accuracy, double meanBatch, double inferenceCores,
                         double classifierCpuCores, double brokerAndLoadCpuCores, double jitCores,
                         Map<String, Double> brokerRequestsPerSecond, double loadCpuCores) {
    }

    /**
     * The ladder's runs and the tuned default's latency at half its maximum rate, or, with {@code latencyAtFixedRate},
     * at the rate the user set ({@code bench --latency-rate}; the field keeps its name). {@code transport} is Kafka's
     * exactly-once path alone (the tuned default's Streams settings, no network) as fast as possible (its accuracy
     * null: every answer is the same), {@code transportLatency} the same path at the classifier's offered load, and
     * {@code networkStandIn} the tuned default as fast as possible with a stand-in for the network that takes the
     * network's time at the raw ceiling and no CPU (accuracy null too; it gives the bound).
     */
    public record EndToEndResult(String model, String brokerProperties, String loadProducerProperties,
                                 double warmupSeconds, List<E2eRun> runs,
                                 Double perRecordImagesPerSecond,
                                 double tunedImagesPerSecond, boolean latencyAtFixedRate,
                                 EndToEnd.Latency latencyAtHalfLoad,
                                 E2eRun transport,
                                 EndToEnd.Latency transportLatency,
                                 E2eRun networkStandIn) {
    }

    /** A target from the issue and whether this run met it. */
    public record Target(String name, String target, Double value, boolean met) {
    }
}
