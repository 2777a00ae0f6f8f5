package io.fashionstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The machine's theoretical fp32 peak, derived from {@code /proc/cpuinfo}: cores x SIMD lanes (8 floats for
 * AVX2, 16 for AVX-512) x 2 FMA units x 2 flops per FMA x clock. The clock is the maximum frequency from
 * cpufreq when the kernel exposes it, else the {@code cpu MHz} line (a VM usually shows the nominal clock).
 * {@code note} says when the microarchitecture cannot reach this nominal figure (AMD Zen 1 and Zen+ split
 * each 256-bit AVX2 operation into two 128-bit halves, so their real peak is half).
 */
public record CpuPeak(String model, int cores, double mhz, String clockSource, int simdFloats, int fmaUnits,
                      double gflops, double effectiveGflops, String note) {

    public CpuPeak {
        if (cores < 1 || !(mhz > 0) || simdFloats < 1 || fmaUnits < 1) {
            throw new IllegalArgumentException("Implausible CPU: " + cores + " cores at " + mhz + " MHz, "
                    + simdFloats + " lanes, " + fmaUnits + " FMA units");
        }
    }

    /** How {@code gflops} was derived, for the report. */
    public String formula() {
        return String.format(Locale.ROOT, "%d cores x %d fp32 lanes x %d FMA units x 2 flops x %.3f GHz (%s) = %.1f GFLOP/s",
                cores, simdFloats, fmaUnits, mhz / 1000, clockSource, gflops);
    }

    /** Reads this machine's {@code /proc/cpuinfo} (and cpufreq, when present). */
    public static CpuPeak detect() {
        try {
            Path maxFreq = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
            Double khz = Files.isReadable(maxFreq) ? Double.parseDouble(Files.readString(maxFreq).trim()) : null;
            return parse(Files.readAllLines(Path.of("/proc/cpuinfo")), khz == null ? null : khz / 1000);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the CPU description from /proc/cpuinfo: " + e.getMessage(), e);
        }
    }

    /** Parses cpuinfo lines; {@code maxMhz} (from cpufreq) wins over the {@code cpu MHz} line when not null. */
    static CpuPeak parse(List<String> cpuinfo, Double maxMhz) {
        int processors = 0;
        String model = "unknown";
        double mhz = 0;
        Set<String> flags = Set.of();
        int family = -1;
        int modelNumber = -1;
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> processors++;
                case "model name" -> model = value;
                case "cpu MHz" -> mhz = mhz == 0 ? Double.parseDouble(value) : mhz;
                case "flags" -> flags = Set.copyOf(Arrays.asList(value.split("\\s+")));
                case "cpu family" -> family = family < 0 ? Integer.parseInt(value) : family;
                case "model" -> modelNumber = modelNumber < 0 ? Integer.parseInt(value) : modelNumber;
                default -> { }
            }
        }
        if (processors == 0) {
            throw new IllegalArgumentException("no 'processor' lines in cpuinfo");
        }
        int lanes = flags.contains("avx512f") ? 16 : flags.contains("avx") ? 8 : 4;
        int fmaUnits = 2;
        int flopsPerLane = flags.contains("fma") ? 2 : 1;
        String clockSource = maxMhz != null ? "cpufreq max" : "cpu MHz";
        double clock = maxMhz != null ? maxMhz : mhz;
        double gflops = processors * lanes * fmaUnits * flopsPerLane * clock / 1000;
        boolean amd = model.contains("AMD") || flags.contains("sse4a");
        // Zen and Zen+ (family 0x17, models below 0x30) have 128-bit FP datapaths: AVX2 runs at half rate.
        boolean halfWidth = amd && family == 0x17 && modelNumber >= 0 && modelNumber < 0x30;
        String note = halfWidth
                ? "AMD family 23 model " + modelNumber + " (Zen/Zen+) executes each 256-bit AVX2 op as two 128-bit halves: "
                        + "its real fp32 peak is half the nominal figure"
                : "";
        return new CpuPeak(model, processors, clock, clockSource, lanes, fmaUnits, gflops,
                halfWidth ? gflops / 2 : gflops, note);
    }
}
