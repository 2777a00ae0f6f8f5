package io.fashionstream.registry;

import io.fashionstream.inference.Predictor;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.model.ModelArtifact;

/**
 * Turns a verified version into a warmed {@link ServingModel}: DL4J restores the network (the first time any
 * byte from the topic reaches DL4J), one batch runs through it, and the output must have the right shape
 * and be probabilities. Meant for the registry's follower thread, never a stream thread.
 */
final class ModelLoader {
    /** Images in the warm-up batch: the size of a typical micro-batch. */
    static final int WARM_UP_IMAGES = 32;

    private ModelLoader() {
    }

    /** @throws RejectedVersionException ({@link RejectReason#LOAD_FAILED}) saying why the version cannot serve */
    static ServingModel load(VerifiedVersion version) {
        ModelArtifact artifact = version.artifact();
        try {
            Predictor predictor = artifact.predictor();
            check(predictor.predict(warmUpImages(), 0, WARM_UP_IMAGES), version.name());
            ServingModel model = new ServingModel(version.name(), artifact.metadata().testAccuracy(), predictor);
            check(model.predictor().predict(warmUpImages(), 0, WARM_UP_IMAGES), version.name());
            return model;
        } catch (RejectedVersionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RejectedVersionException(RejectReason.LOAD_FAILED, version.name() + ": cannot serve ("
                    + e.getMessage() + ")", e);
        }
    }

    /** A gradient of grey levels, so the warm-up exercises every input, not a constant. */
    private static byte[] warmUpImages() {
        byte[] pixels = new byte[WARM_UP_IMAGES * Predictor.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return pixels;
    }

    private static void check(float[] probabilities, String name) {
        if (probabilities.length != WARM_UP_IMAGES * Predictor.CLASSES) {
            throw new RejectedVersionException(RejectReason.LOAD_FAILED, name + ": the network gives "
                    + probabilities.length / WARM_UP_IMAGES + " outputs per image, expected " + Predictor.CLASSES);
        }
        for (int i = 0; i < WARM_UP_IMAGES; i++) {
            double sum = 0;
            for (int c = 0; c < Predictor.CLASSES; c++) {
                float p = probabilities[i * Predictor.CLASSES + c];
                if (!(p >= 0 && p <= 1)) {
                    throw new RejectedVersionException(RejectReason.LOAD_FAILED, name + ": the network gives "
                            + p + ", not a probability");
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new RejectedVersionException(RejectReason.LOAD_FAILED, name + ": the network's outputs sum to "
                        + sum + ", not 1");
            }
        }
    }
}
