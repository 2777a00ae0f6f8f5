package io.fashionstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine's CPU time other processes took while the benchmark ran: machine-wide busy time
 * from {@code /proc/stat} minus this JVM's own time and that of its finished (waited-for) child JVMs from
 * {@code /proc/self/stat}, both in clock ticks. A benchmark on a shared machine states this next to its numbers.
 */
final class CpuAccounting {
    private final long[] start;

    private CpuAccounting(long[] start) {
        this.start = start;
    }

    /** Starts counting; null when /proc is not readable (not Linux). */
    static CpuAccounting start() {
        long[] now = sample();
        return now == null ? null : new CpuAccounting(now);
    }

    /** Share (0..1) of the machine's CPU time since {@link #start()} used by processes other than this benchmark. */
    double othersShare() {
        long[] end = sample();
        if (end == null) {
            return Double.NaN;
        }
        double total = end[0] - start[0];
        double busy = total - (end[1] - start[1]);
        double own = end[2] - start[2];
        return total <= 0 ? 0 : Math.max(0, Math.min(1, (busy - own) / total));
    }

    /** {total ticks, idle ticks, own ticks (self and waited-for children)}, or null. */
    private static long[] sample() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]); // user nice system idle iowait irq softirq steal
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] s = self.substring(self.lastIndexOf(')') + 2).split(" ");
            // fields after the command: index 11..14 are utime stime cutime cstime (stat fields 14..17)
            long own = Long.parseLong(s[11]) + Long.parseLong(s[12]) + Long.parseLong(s[13]) + Long.parseLong(s[14]);
            return new long[] {total, idle, own};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
