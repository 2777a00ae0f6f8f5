package io.fashionstream.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * How the learning rate moves during training. {@code linear} decays it from the initial value towards zero
 * over the planned iterations, in {@value #LINEAR_STEPS} steps, so a fixed epoch budget ends annealed. (DL4J's
 * own {@code PolySchedule} grows instead of decaying in 1.0.0-M2.1, and epoch-based schedules never advance when
 * {@code fit(DataSet)} is called per minibatch, so the steps are iteration-based.)
 */
public enum LearningRateSchedule {
    CONSTANT("constant"),
    LINEAR("linear");

    /** Steps of the linear decay; the last step runs at 1/LINEAR_STEPS of the initial rate. */
    static final int LINEAR_STEPS = 100;

    private final String id;

    LearningRateSchedule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The schedule named {@code id}; the message lists the valid names. */
    public static LearningRateSchedule fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown learning-rate schedule '" + id + "'. Valid: "
                        + Arrays.stream(values()).map(LearningRateSchedule::id).toList()));
    }

    /** The DL4J schedule for {@code totalIterations} minibatches, or null for a constant rate. */
    ISchedule schedule(double initial, long totalIterations) {
        if (this == CONSTANT) {
            return null;
        }
        Map<Integer, Double> rates = new LinkedHashMap<>();
        int steps = (int) Math.min(LINEAR_STEPS, Math.max(1, totalIterations));
        for (int s = 0; s < steps; s++) {
            rates.put((int) (s * totalIterations / steps), initial * (1.0 - (double) s / steps));
        }
        return new MapSchedule(ScheduleType.ITERATION, rates);
    }

    /** The rate at {@code iteration} of {@code totalIterations}: what DL4J gets from {@link #schedule}. */
    public double rateAt(double initial, long iteration, long totalIterations) {
        ISchedule schedule = schedule(initial, totalIterations);
        return schedule == null ? initial : schedule.valueAt((int) iteration, 0);
    }
}
