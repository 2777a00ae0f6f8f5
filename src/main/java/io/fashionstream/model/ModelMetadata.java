package io.fashionstream.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything known about a trained network, stored as {@code metadata.json} in the artifact. Field names
 * are part of the artifact format: add fields, never rename them. {@code networkSha256} is the SHA-256 of
 * the network bytes and is checked on every load.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
        int formatVersion,
        String version,
        String architecture,
        String createdAt,
        HyperParameters hyperParameters,
        Input input,
        Map<String, String> datasetSha256,
        List<EpochStats> history,
        int bestEpoch,
        double testAccuracy,
        Evaluation test,
        double trainingSeconds,
        double trainingImagesPerSecond,
        String runtime,
        String networkSha256) {

    public static final int FORMAT_VERSION = 1;

    /**
     * The training settings, flattened for JSON. {@code learningRateDecay} (a per-epoch factor) is only in
     * artifacts written before {@code learningRateSchedule} existed; it is null (omitted) in new ones.
     * {@code labelSmoothing} and {@code weightAveraging} (the moving average's decay, 0 for none) are null in
     * artifacts written before they existed, which trained without either.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HyperParameters(int epochs, int batchSize, double learningRate, Double learningRateDecay,
                                  String learningRateSchedule, boolean augment, int validationSize, long seed,
                                  long maxSeconds, String optimizer, String loss, Double labelSmoothing,
                                  Double weightAveraging) {
        public static HyperParameters of(TrainingConfig c) {
            return new HyperParameters(c.epochs(), c.batchSize(), c.learningRate(), null, c.schedule().id(),
                    c.augment(), c.validationSize(), c.seed(), c.maxDuration().toSeconds(), "adam", "cross-entropy",
                    c.labelSmoothing(), c.weightAveraging());
        }

        /** How the learning rate moved, in words, e.g. {@code 0.002, linear decay}. */
        public String describeLearningRate() {
            if (learningRateSchedule != null) {
                return learningRate + (learningRateSchedule.equals("constant") ? " constant"
                        : ", " + learningRateSchedule + " decay");
            }
            return learningRateDecay == null || learningRateDecay == 1.0 ? learningRate + " constant"
                    : learningRate + " (x" + learningRateDecay + " per epoch)";
        }
    }

    /** The input the network expects: a flat row of height*width*channels pixels, each byte times {@code scale}. */
    public record Input(int height, int width, int channels, float scale, String layout) {
        public static final Input FASHION_MNIST = new Input(28, 28, 1, 1f / 255f, "row-major");
    }

    public ModelMetadata withNetworkSha256(String sha) {
        return new ModelMetadata(formatVersion, version, architecture, createdAt, hyperParameters, input,
                datasetSha256, history, bestEpoch, testAccuracy, test, trainingSeconds, trainingImagesPerSecond,
                runtime, sha);
    }

    public ModelMetadata withVersion(String version) {
        return new ModelMetadata(formatVersion, version, architecture, createdAt, hyperParameters, input,
                datasetSha256, history, bestEpoch, testAccuracy, test, trainingSeconds, trainingImagesPerSecond,
                runtime, networkSha256);
    }
}
