package io.fashionstream.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This JVM's cumulative CPU time, its JIT compiler threads' CPU time, and the time its threads waited for a core,
 * for the benchmark's accounting of where time went.
 *
 * <p>The per-thread figures come from Linux's {@code /proc/self/task/<tid>/schedstat}: nanoseconds on a CPU and
 * nanoseconds runnable but waiting in a run queue. Threads come and go (the JVM starts and retires compiler
 * threads as its queue grows and shrinks), so each thread's last reading is kept and the totals are sums over
 * every thread seen; a thread that exits loses only what it did since the last call. When a new thread takes over
 * an exited thread's id, the old thread's time is kept where the new counters read lower than the old ones.
 */
final class JvmTimes {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Thread names as the kernel keeps them (15 characters): HotSpot's "C1 CompilerThread0", "C2 CompilerThread1", ... */
    private static final String COMPILER_THREAD = "CompilerThre";
    /**
     * The benchmark's load generator and prediction reader, by their kernel names: the main thread (which sends the
     * images), the load producer's network threads (the only Kafka producers in the benchmark's JVM; the embedded
     * broker has none) and {@code bench-prediction-reader}.
     */
    private static final List<String> LOAD_THREADS = List.of("main", "kafka-producer-", "bench-predictio");
    private static final int OTHER = 0;
    private static final int COMPILER = 1;
    private static final int LOAD = 2;

    /** Per thread id: {ns on CPU, ns waiting, kind: {@link #OTHER}, {@link #COMPILER} or {@link #LOAD}}. */
    private static final Map<Integer, long[]> seen = new HashMap<>();
    /** {ns on CPU by compiler threads, ns waiting, ns on CPU by load threads} of threads whose ids a newer thread took over. */
    private static final long[] retired = new long[3];

    private JvmTimes() {
    }

    /** CPU seconds used by this process so far, all threads. */
    static double cpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /**
     * This JVM's threads so far: {@code compileSeconds}, the CPU seconds its JIT compiler threads have used, and
     * {@code waitSeconds}, the seconds its threads spent runnable but waiting for a core, summed over threads (two
     * threads waiting 1 s each count 2 s), and {@code loadSeconds}, the CPU seconds of the benchmark's load generator
     * and prediction reader threads ({@link #LOAD_THREADS}; in a child JVM, its main thread's). Where {@code /proc} has
     * no per-thread counters (not Linux), {@code compileSeconds} is the JVM's own compilation time (elapsed time of the
     * compilations, summed over the compiler threads, which on a busy machine counts the time they waited for a core
     * too) and {@code waitSeconds} and {@code loadSeconds} are NaN.
     */
    record ThreadTimes(double compileSeconds, double waitSeconds, double loadSeconds) {
    }

    /** Reads every thread's counters once and sums them; see {@link ThreadTimes}. */
    static ThreadTimes threadTimes() {
        synchronized (seen) {
            if (refresh()) {
                long compileNs = retired[0];
                long waitNs = retired[1];
                long loadNs = retired[2];
                for (long[] t : seen.values()) {
                    compileNs += t[2] == COMPILER ? t[0] : 0;
                    waitNs += t[1];
                    loadNs += t[2] == LOAD ? t[0] : 0;
                }
                return new ThreadTimes(compileNs / 1e9, waitNs / 1e9, loadNs / 1e9);
            }
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return new ThreadTimes(jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit.getTotalCompilationTime() / 1e3 : 0, Double.NaN, Double.NaN);
    }

    /** Reads every live thread's counters into {@link #seen}; false if they cannot be read. */
    private static boolean refresh() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            boolean any = false;
            for (Path task : tasks) {
                long[] now = read(task);
                if (now == null) {
                    continue; // exited since the listing
                }
                any = true;
                long[] last = seen.put(Integer.valueOf(task.getFileName().toString()), now);
                if (last != null && (now[0] < last[0] || now[1] < last[1])) { // a new thread with a reused id
                    retired[0] += last[2] == COMPILER ? last[0] : 0;
                    retired[1] += last[1];
                    retired[2] += last[2] == LOAD ? last[0] : 0;
                }
            }
            return any;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** One thread's {ns on CPU, ns waiting, kind}, or null if it is gone. */
    private static long[] read(Path task) {
        try {
            String[] f = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
            String name = Files.readString(task.resolve("comm")).trim();
            int kind = name.contains(COMPILER_THREAD) ? COMPILER
                    : LOAD_THREADS.stream().anyMatch(name::startsWith) ? LOAD : OTHER;
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), kind};
        } catch (IOException e) {
            return null;
        }
    }
}
