package io.fashionstream.stream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.fashionstream.data.ImageDecoder;
import io.fashionstream.data.ImageRejectedException;
import io.fashionstream.kafka.Topics;

/**
 * Validates one input record and turns it into a {@link PendingImage}: the id from the key (or
 * {@code <topic>-<partition>-<offset>} without one), the true label from the {@code label} header, and the
 * pixels from the value. Throws {@link RejectedInputException} with the dead-letter reason otherwise.
 * Stateless and thread-safe; the checks run cheapest first.
 */
final class ImageRecordParser {
    private final ImageDecoder decoder;

    ImageRecordParser(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    PendingImage parse(Record<byte[], byte[]> record, RecordMetadata source, long nowMs) {
        String id = id(record.key(), source);
        int trueLabel = trueLabel(record.headers().lastHeader(Topics.LABEL_HEADER));
        byte[] pixels;
        try {
            pixels = decoder.decode(record.value());
        } catch (ImageRejectedException e) {
            throw new RejectedInputException(DeadLetterReason.of(e.reason()), e.getMessage());
        }
        return new PendingImage(id, pixels, trueLabel, record.timestamp(), nowMs);
    }

    /** The image id: the key as UTF-8, or the source position when there is no (or an empty) key. */
    static String id(byte[] key, RecordMetadata source) {
        if (key == null || key.length == 0) {
            return source.topic() + "-" + source.partition() + "-" + source.offset();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedInputException(DeadLetterReason.BAD_KEY,
                    "key is not valid UTF-8 (the key is the image id): " + shortHex(key));
        }
    }

    /** The {@code label} header's digit, or -1 without the header. */
    static int trueLabel(Header header) {
        if (header == null) {
            return -1;
        }
        byte[] v = header.value();
        if (v != null && v.length == 1 && v[0] >= '0' && v[0] <= '9') {
            return v[0] - '0';
        }
        throw new RejectedInputException(DeadLetterReason.BAD_LABEL, "header '" + Topics.LABEL_HEADER
                + "' must be one ASCII digit 0-9, got " + (v == null ? "no value" : shortHex(v)));
    }

    /** Short printable ASCII quoted as is, anything else as (the start of) its hex. */
    private static String shortHex(byte[] bytes) {
        boolean printable = bytes.length <= 32;
        for (byte b : bytes) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable) {
            return "\"" + new String(bytes, StandardCharsets.US_ASCII) + "\"";
        }
        int n = Math.min(bytes.length, 16);
        return bytes.length + " bytes 0x" + HexFormat.of().formatHex(bytes, 0, n) + (n < bytes.length ? "..." : "");
    }
}
