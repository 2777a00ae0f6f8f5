package io.fashionstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CpuPeakTest {

    private static List<String> cpuinfo(int processors, String model, int family, int modelNumber, String mhz, String flags) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < processors; i++) {
            lines.addAll(List.of("processor\t: " + i, "vendor_id\t: x", "cpu family\t: " + family,
                    "model\t\t: " + modelNumber, "model name\t: " + model, "cpu MHz\t\t: " + mhz,
                    "flags\t\t: fpu sse sse2 " + flags, ""));
        }
        return lines;
    }

    @Test
    void shouldDeriveThePeakOfAnAvx2MachineAndHalveItForZen1() {
        var peak = CpuPeak.parse(cpuinfo(2, "AMD EPYC", 23, 1, "1996.249", "avx fma avx2 sse4a"), null);

        assertThat(peak.cores()).isEqualTo(2);
        assertThat(peak.simdFloats()).isEqualTo(8);
        assertThat(peak.gflops()).isCloseTo(2 * 8 * 2 * 2 * 1.996249, within(1e-6));
        assertThat(peak.effectiveGflops()).isCloseTo(peak.gflops() / 2, within(1e-9));
        assertThat(peak.note()).contains("Zen");
        assertThat(peak.formula()).contains("2 cores").contains("8 fp32 lanes").contains("cpu MHz");
    }

    @Test
    void shouldUseSixteenLanesForAvx512AndPreferTheCpufreqMaximum() {
        var peak = CpuPeak.parse(cpuinfo(4, "Intel(R) Xeon(R) Gold", 6, 85, "2000.000", "avx fma avx2 avx512f"), 3000.0);

        assertThat(peak.simdFloats()).isEqualTo(16);
        assertThat(peak.gflops()).isCloseTo(4 * 16 * 2 * 2 * 3.0, within(1e-9));
        assertThat(peak.effectiveGflops()).isEqualTo(peak.gflops());
        assertThat(peak.clockSource()).isEqualTo("cpufreq max");
    }

    @Test
    void shouldRefuseCpuinfoWithoutProcessors() {
        assertThatThrownBy(() -> CpuPeak.parse(List.of("garbage"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processor");
    }

    @Test
    void shouldReadThisMachine() {
        var peak = CpuPeak.detect();

        assertThat(peak.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(peak.gflops()).isPositive();
    }
}
