package io.fashionstream.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

import io.fashionstream.data.FashionClass;

/**
 * Writes a training report into a directory: {@code learning-curves.png}, {@code confusion-matrix.png}
 * (drawn with XChart) and {@code README.md} summarising the run and linking both charts.
 */
public final class TrainingReport {
    public static final String CURVES = "learning-curves.png";
    public static final String CONFUSION = "confusion-matrix.png";
    public static final String SUMMARY = "README.md";

    private TrainingReport() {
    }

    public static void write(ModelMetadata m, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        BitmapEncoder.saveBitmap(curves(m).get(0), dir.resolve(CURVES).toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(confusion(m.test()), dir.resolve(CONFUSION).toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.writeString(dir.resolve(SUMMARY), markdown(m));
    }

    private static List<XYChart> curves(ModelMetadata m) {
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title("Learning curves: " + m.architecture()).xAxisTitle("epoch").yAxisTitle("train loss").build();
        List<Integer> epochs = m.history().stream().map(EpochStats::epoch).toList();
        chart.addSeries("train loss", epochs, m.history().stream().map(EpochStats::trainLoss).toList());
        XYSeries acc = chart.addSeries("validation accuracy", epochs,
                m.history().stream().map(EpochStats::validationAccuracy).toList());
        acc.setYAxisGroup(1);
        if (m.history().stream().allMatch(e -> e.averagedValidationAccuracy() != null)) {
            chart.addSeries("validation accuracy, averaged weights", epochs,
                    m.history().stream().map(EpochStats::averagedValidationAccuracy).toList()).setYAxisGroup(1);
        }
        chart.setYAxisGroupTitle(1, "validation accuracy");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return List.of(chart);
    }

    private static HeatMapChart confusion(Evaluation e) {
        HeatMapChart chart = new HeatMapChartBuilder().width(900).height(800)
                .title(String.format(Locale.ROOT, "Confusion matrix (test accuracy %.2f%%)", 100 * e.accuracy()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(false);
        List<String> names = FashionClass.displayNames();
        List<Number[]> cells = new java.util.ArrayList<>();
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                // XChart draws row 0 at the bottom: flip rows so the diagonal runs top-left to bottom-right
                cells.add(new Number[] {p, 9 - t, e.confusion()[t][p]});
            }
        }
        chart.addSeries("confusion", names, reversed(names), cells);
        return chart;
    }

    private static List<String> reversed(List<String> names) {
        List<String> r = new java.util.ArrayList<>(names);
        java.util.Collections.reverse(r);
        return r;
    }

    static String markdown(ModelMetadata m) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Training report: ").append(m.version()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "**Test accuracy %.2f%%** (macro F1 %.4f) — architecture `%s`, best epoch %d of %d, "
                        + "%.0f s of training at %.0f images/s.%n%n",
                100 * m.testAccuracy(), m.test().macroF1(), m.architecture(), m.bestEpoch(), m.history().size(),
                m.trainingSeconds(), m.trainingImagesPerSecond()));
        var h = m.hyperParameters();
        sb.append(String.format(Locale.ROOT, "Adam, learning rate %s, batch %d, augmentation %s, label smoothing %s, "
                        + "weight averaging %s, validation %d images held out of the training set, seed %d. "
                        + "Runtime: %s. Created %s.%n%n",
                h.describeLearningRate(), h.batchSize(), h.augment() ? "horizontal flips" : "none",
                h.labelSmoothing() == null || h.labelSmoothing() == 0 ? "none" : h.labelSmoothing(),
                h.weightAveraging() == null || h.weightAveraging() == 0 ? "none" : "decay " + h.weightAveraging(),
                h.validationSize(), h.seed(), m.runtime(), m.createdAt()));
        sb.append("![learning curves](").append(CURVES).append(")\n\n");
        sb.append("| epoch | train loss | validation accuracy | averaged weights | seconds | images/s |\n"
                + "|---:|---:|---:|---:|---:|---:|\n");
        for (EpochStats s : m.history()) {
            String best = s.epoch() != m.bestEpoch() ? "" : s.averagedIsBetter() ? " (best, averaged)" : " (best)";
            sb.append(String.format(Locale.ROOT, "| %d%s | %.4f | %.4f | %s | %.0f | %.0f |%n", s.epoch(), best,
                    s.trainLoss(), s.validationAccuracy(), s.averagedValidationAccuracy() == null ? "-"
                            : String.format(Locale.ROOT, "%.4f", s.averagedValidationAccuracy()),
                    s.seconds(), s.imagesPerSecond()));
        }
        sb.append("\n![confusion matrix](").append(CONFUSION).append(")\n\n");
        sb.append("| class | precision | recall | F1 |\n|---|---:|---:|---:|\n");
        for (var c : m.test().perClass()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", c.name(), c.precision(), c.recall(), c.f1()));
        }
        sb.append("\nNetwork SHA-256 `").append(m.networkSha256()).append("`.\n");
        return sb.toString();
    }
}
