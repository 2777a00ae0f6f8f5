package org.nd4j.nativeblas;

/**
 * Compatibility shim for DL4J 1.0.0-M2.1: its oneDNN layer helpers ({@code BaseMKLDNNHelper}) look up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection, a class the native backend moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}. Without this class DL4J logs an ERROR and runs
 * convolution and pooling ~4x slower on its built-in path. Only the two methods DL4J calls exist here.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** Delegates to the backend's environment; see the class comment. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
