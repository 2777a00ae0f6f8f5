package io.fashionstream.bench;

import java.time.Duration;

/**
 * Measures the clock one core actually runs at (turbo included, which {@code /proc/cpuinfo} in a VM does not
 * show): a chain of dependent shift-and-add steps, each a 1-cycle shift followed by a 1-cycle add on every
 * x86 core of the last decade, so the chain advances one step per 2 cycles whatever the loop overhead.
 */
final class ClockProbe {
    static final int CYCLES_PER_STEP = 2;
    private static volatile long sink;

    private ClockProbe() {
    }

    /** The best of five runs of {@code each}, in GHz (the best run is the one least disturbed by other work). */
    static double ghz(Duration each) {
        long steps = 1_000_000;
        for (int i = 0; i < 30; i++) {
            sink += chain(steps, i + 1); // compile the loop before timing it
        }
        long start = System.nanoTime();
        sink += chain(steps, 7);
        double nanosPerStep = Math.max(1e-3, (System.nanoTime() - start) / (double) steps);
        long n = Math.max(steps, (long) (each.toNanos() / nanosPerStep));
        double best = 0;
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            sink += chain(n, run + 3);
            best = Math.max(best, CYCLES_PER_STEP * (double) n / (System.nanoTime() - t0));
        }
        return best;
    }

    static long chain(long n, long x) {
        for (long i = 0; i < n; i++) {
            x += x >>> 7;
        }
        return x;
    }
}
