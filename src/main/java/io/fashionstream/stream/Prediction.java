package io.fashionstream.stream;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.fashionstream.data.FashionClass;
import io.fashionstream.inference.Predictor;

/**
 * One prediction as written to the predictions topic (JSON via {@link PredictionSerde}): the image id, the
 * predicted label and class name, its probability, all ten probabilities in label order (summing to 1),
 * the model version that produced it, and the true label when the input carried one ({@code null} otherwise,
 * and then absent from the JSON).
 */
@JsonPropertyOrder({"id", "label", "class", "probability", "probabilities", "modelVersion", "trueLabel"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String id, int label, @JsonProperty("class") String className, double probability,
                         double[] probabilities, String modelVersion, Integer trueLabel) {
    public Prediction {
        if (id == null) {
            throw new IllegalArgumentException("Prediction id must not be null");
        }
        FashionClass.ofLabel(label);
        if (probabilities == null || probabilities.length != FashionClass.COUNT) {
            throw new IllegalArgumentException("Need 10 probabilities. Got: "
                    + (probabilities == null ? null : probabilities.length));
        }
        if (modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("Model version must not be blank. Got: " + modelVersion);
        }
        if (trueLabel != null) {
            FashionClass.ofLabel(trueLabel);
        }
    }

    /**
     * The prediction for image {@code index} of a batch's network output {@code probs} (10 per image);
     * {@code trueLabel} -1 when unknown. Probabilities are renormalised in double precision so that they sum
     * to 1 despite float rounding in the softmax.
     */
    public static Prediction of(String id, float[] probs, int index, String modelVersion, int trueLabel) {
        int base = index * Predictor.CLASSES;
        double sum = 0;
        for (int c = 0; c < Predictor.CLASSES; c++) {
            sum += probs[base + c];
        }
        double[] p = new double[Predictor.CLASSES];
        for (int c = 0; c < Predictor.CLASSES; c++) {
            p[c] = probs[base + c] / sum;
        }
        int label = Predictor.argmax(probs, base);
        return new Prediction(id, label, FashionClass.ofLabel(label).displayName(), p[label], p, modelVersion,
                trueLabel < 0 ? null : trueLabel);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction q && id.equals(q.id) && label == q.label && className.equals(q.className)
                && probability == q.probability && Arrays.equals(probabilities, q.probabilities)
                && modelVersion.equals(q.modelVersion) && java.util.Objects.equals(trueLabel, q.trueLabel);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(id, label, modelVersion, trueLabel, Arrays.hashCode(probabilities));
    }

    @Override
    public String toString() {
        return "Prediction[" + id + ": " + label + " " + className + " p=" + probability + " by " + modelVersion
                + (trueLabel == null ? "" : ", true " + trueLabel) + "]";
    }
}
