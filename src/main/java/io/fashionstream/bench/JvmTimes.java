package io.fashionstream.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/** This JVM's cumulative CPU time and JIT compilation time, for the benchmark's accounting of where time went. */
final class JvmTimes {
    private JvmTimes() {
    }

    /** CPU seconds used by this process so far, all threads. */
    static double cpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /**
     * Seconds the JIT compiler threads have spent compiling so far (elapsed time, summed over the threads; on a
     * busy machine it exceeds their CPU time), or 0 where the JVM does not report it.
     */
    static double compileSeconds() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() / 1e3 : 0;
    }
}
