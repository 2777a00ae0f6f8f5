package io.fashionstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures the fp32 rate ND4J's BLAS reaches on large matrix products ({@code n x n} sgemm, one per thread,
 * all threads at once): the best a dense kernel gets on this machine, next to the derived peak.
 */
final class SgemmProbe {
    private SgemmProbe() {
    }

    static double gflops(int threads, int n, Duration duration) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                calls.add(pool.submit((Callable<Double>) () -> run(n, duration)));
            }
            double total = 0;
            for (Future<Double> f : calls) {
                total += f.get();
            }
            return total;
        } catch (Exception e) {
            throw new IllegalStateException("sgemm probe failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** GFLOP/s of one thread. */
    private static double run(int n, Duration duration) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0); // warm-up
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long count = 0;
        long now;
        do {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count * 2.0 * n * n * n / (now - start);
    }
}
