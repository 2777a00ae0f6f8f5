package io.fashionstream.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class JvmTimesTest {

    @Test
    void compilerCpuIsSomeButNotAllOfTheProcessCpuAndNeverShrinks() {
        double first = JvmTimes.threadTimes().compileSeconds();
        long sink = 0;
        for (int i = 0; i < 2_000_000; i++) { // hot enough to be compiled
            sink += Long.toString(i).hashCode();
        }
        assertTrue(sink != 42);
        double second = JvmTimes.threadTimes().compileSeconds();
        double cpu = JvmTimes.cpuSeconds();
        assertTrue(first > 0, "a running JVM has compiled something: " + first);
        assertTrue(second >= first, first + " then " + second);
        assertTrue(second < cpu, "compiler threads " + second + " s of the process's " + cpu + " s");
    }

    @Test
    void waitingTimeIsCountedAndKeptForThreadsThatExited() throws InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/task")), "Linux per-thread counters");
        double before = JvmTimes.threadTimes().waitSeconds();
        assertFalse(Double.isNaN(before));
        // More busy threads than cores: each has to wait for a core some of the time.
        int threads = Runtime.getRuntime().availableProcessors() * 3;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread spin = new Thread(() -> {
                long end = System.nanoTime() + 300_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                JvmTimes.threadTimes().waitSeconds(); // read while alive, then exit
                done.countDown();
            });
            spin.start();
        }
        done.await();
        Thread.sleep(50); // the spinners have exited
        double after = JvmTimes.threadTimes().waitSeconds();
        assertTrue(after - before > 0.05, "runnable threads over the cores waited " + (after - before) + " s");
    }

    @Test
    void theLoadGeneratorsThreadsCountAsLoadAndOthersDoNot() throws InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/task")), "Linux per-thread counters");
        double before = JvmTimes.threadTimes().loadSeconds();
        spin("bench-prediction-reader", 200_000_000L);
        double afterReader = JvmTimes.threadTimes().loadSeconds();
        spin("broker-request-handler", 200_000_000L);
        double afterOther = JvmTimes.threadTimes().loadSeconds();
        assertTrue(afterReader - before > 0.05, "the prediction reader's 0.2 s of CPU: " + (afterReader - before));
        assertTrue(afterOther - afterReader < 0.05, "another thread's 0.2 s is not load: " + (afterOther - afterReader));
    }

    /** Runs a thread named {@code name} that keeps a core busy for {@code nanos} and reads the counters before it exits. */
    private static void spin(String name, long nanos) throws InterruptedException {
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            JvmTimes.threadTimes();
        }, name);
        t.start();
        t.join();
    }
}
