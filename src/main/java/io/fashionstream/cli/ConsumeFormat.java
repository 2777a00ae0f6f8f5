package io.fashionstream.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fashionstream.data.FashionClass;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns prediction and dead-letter records into the one-line form {@code consume} prints, and keeps the
 * running accuracy over predictions that carry a {@code trueLabel}. Reads the prediction JSON with the
 * tree model, so fields added later do not break it. Not thread-safe.
 */
final class ConsumeFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String right;
    private final String wrong;
    private long predictions;
    private long labelled;
    private long correct;
    private long unreadable;

    /** {@code charset}: the output's, to fall back to ASCII marks where it cannot show ✓ and ✗. */
    ConsumeFormat(Charset charset) {
        boolean unicode = charset.newEncoder().canEncode("✓✗");
        this.right = unicode ? "✓" : "ok";
        this.wrong = unicode ? "✗" : "XX";
    }

    /** One line: id, class, probability, model version and, when labelled, ✓/✗ and the running accuracy. */
    String prediction(ConsumerRecord<String, byte[]> r) {
        JsonNode p;
        try {
            p = JSON.readTree(r.value());
        } catch (Exception e) {
            p = null;
        }
        if (p == null || !p.isObject() || !p.path("label").canConvertToInt()) {
            unreadable++;
            return String.format("%s  (not a prediction: %s)", r.key(), preview(r.value()));
        }
        predictions++;
        int label = p.path("label").asInt();
        String cls = p.path("class").asText(className(label));
        String line = String.format(Locale.ROOT, "%-14s %-12s %5.1f%%  model %s", p.path("id").asText(r.key()), cls,
                100 * p.path("probability").asDouble(Double.NaN), p.path("modelVersion").asText("?"));
        JsonNode trueLabel = p.path("trueLabel");
        return trueLabel.canConvertToInt() ? line + "  " + judge(label, trueLabel.asInt()) : line;
    }

    private String judge(int label, int trueLabel) {
        labelled++;
        boolean ok = label == trueLabel;
        if (ok) {
            correct++;
        }
        return String.format(Locale.ROOT, "%s  acc %.2f%% (%d/%d)", ok ? right : wrong + " was " + className(trueLabel),
                100.0 * correct / labelled, correct, labelled);
    }

    /** One line: key, reason code and message, where the record came from, and its size. */
    static String deadLetter(ConsumerRecord<String, byte[]> r) {
        return String.format("%s  reason=%s  \"%s\"  from %s-%s@%s  (%d bytes)", r.key(), header(r, "dlq.reason"),
                header(r, "dlq.message"), header(r, "dlq.topic"), header(r, "dlq.partition"), header(r, "dlq.offset"),
                r.value() == null ? 0 : r.value().length);
    }

    /** A dead letter as one JSON object: key, every header (as text) and the value's size. */
    static String deadLetterJson(ConsumerRecord<String, byte[]> r) {
        ObjectNode o = JSON.createObjectNode().put("key", r.key());
        for (Header h : r.headers()) {
            o.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return o.put("valueBytes", r.value() == null ? 0 : r.value().length).toString();
    }

    /** The closing line, e.g. {@code 50 predictions; accuracy 90.00% (45/50 labelled)}. */
    String summary() {
        String s = predictions + " predictions";
        if (labelled > 0) {
            s += String.format(Locale.ROOT, "; accuracy %.2f%% (%d/%d labelled)", 100.0 * correct / labelled, correct,
                    labelled);
        }
        return unreadable > 0 ? s + "; not predictions: " + unreadable : s;
    }

    private static String header(ConsumerRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null || h.value() == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String className(int label) {
        return label >= 0 && label < FashionClass.COUNT ? FashionClass.ofLabel(label).displayName() : "label " + label;
    }

    private static String preview(byte[] value) {
        if (value == null) {
            return "empty value";
        }
        String s = new String(value, 0, Math.min(value.length, 40), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", ".");
        return value.length > 40 ? s + "..." : s;
    }
}
