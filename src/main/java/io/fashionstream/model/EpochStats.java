package io.fashionstream.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One training epoch: mean minibatch loss, validation accuracy of the network's weights, wall time and
 * training throughput. {@code averagedValidationAccuracy} is the validation accuracy of the running average
 * of the weights; null when training kept no average (and in artifacts written before it existed).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochStats(int epoch, double trainLoss, double validationAccuracy, double seconds,
                         double imagesPerSecond, double learningRate, Double averagedValidationAccuracy) {

    /** The validation accuracy of the better of the two weight sets this epoch offers. */
    @JsonIgnore
    public double bestValidationAccuracy() {
        return averagedIsBetter() ? averagedValidationAccuracy : validationAccuracy;
    }

    /** Whether the averaged weights scored strictly higher on validation than the network's own. */
    @JsonIgnore
    public boolean averagedIsBetter() {
        return averagedValidationAccuracy != null && averagedValidationAccuracy > validationAccuracy;
    }
}
