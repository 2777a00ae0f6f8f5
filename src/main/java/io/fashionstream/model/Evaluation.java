package io.fashionstream.model;

import java.util.ArrayList;
import java.util.List;

import io.fashionstream.data.FashionClass;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.Predictor;

/**
 * Classification metrics over a labelled set: accuracy, the confusion matrix ({@code confusion[true][predicted]})
 * and per-class precision, recall and F1 (0 where undefined).
 */
public record Evaluation(int count, double accuracy, int[][] confusion, List<ClassMetrics> perClass, double macroF1) {

    /** Metrics of one class. */
    public record ClassMetrics(int label, String name, double precision, double recall, double f1, int support) {
    }

    /** Runs {@code predictor} over {@code data} in batches and scores it. */
    public static Evaluation of(Predictor predictor, LabelledImages data) {
        int[] predicted = new int[data.size()];
        int batch = 500;
        for (int from = 0; from < data.size(); from += batch) {
            int n = Math.min(batch, data.size() - from);
            float[] probs = predictor.predict(data.pixels(), from, n);
            for (int i = 0; i < n; i++) {
                predicted[from + i] = Predictor.argmax(probs, i * Predictor.CLASSES);
            }
        }
        int[] truth = new int[data.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = data.label(i);
        }
        return of(truth, predicted);
    }

    /** Scores predicted labels against true labels. */
    public static Evaluation of(int[] truth, int[] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("Need equally many true and predicted labels, at least one. Got: "
                    + truth.length + " and " + predicted.length);
        }
        int k = FashionClass.COUNT;
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        List<ClassMetrics> perClass = new ArrayList<>();
        double f1Sum = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int support = 0;
            int predictedAs = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            double precision = predictedAs == 0 ? 0 : (double) tp / predictedAs;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            perClass.add(new ClassMetrics(c, FashionClass.ofLabel(c).displayName(), precision, recall, f1, support));
        }
        return new Evaluation(truth.length, (double) correct / truth.length, confusion, List.copyOf(perClass), f1Sum / k);
    }

    /** A fixed-width text table of the per-class metrics and the confusion matrix, for terminals. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("accuracy %.4f  (%d images)   macro F1 %.4f%n%n", accuracy, count, macroF1));
        sb.append(String.format("%-12s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        for (ClassMetrics m : perClass) {
            sb.append(String.format("%-12s %9.4f %9.4f %9.4f %8d%n", m.name(), m.precision(), m.recall(), m.f1(), m.support()));
        }
        sb.append(String.format("%nconfusion matrix (rows: true class, columns: predicted)%n%-12s", ""));
        for (int c = 0; c < FashionClass.COUNT; c++) {
            sb.append(String.format("%6d", c));
        }
        sb.append('\n');
        for (int t = 0; t < FashionClass.COUNT; t++) {
            sb.append(String.format("%-12s", t + " " + FashionClass.ofLabel(t).displayName()));
            for (int p = 0; p < FashionClass.COUNT; p++) {
                sb.append(String.format("%6d", confusion[t][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
