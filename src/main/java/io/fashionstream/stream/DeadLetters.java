package io.fashionstream.stream;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead-letter records: the input's key, value, timestamp and headers unchanged, plus headers (UTF-8
 * strings) naming the reason and the source position, so a record can be inspected and replayed.
 */
public final class DeadLetters {
    /** Stable reason code, one of {@link DeadLetterReason#code()}. */
    public static final String REASON_HEADER = "dlq.reason";
    /** What was wrong with this record, for people. */
    public static final String MESSAGE_HEADER = "dlq.message";
    public static final String TOPIC_HEADER = "dlq.topic";
    public static final String PARTITION_HEADER = "dlq.partition";
    public static final String OFFSET_HEADER = "dlq.offset";

    private DeadLetters() {
    }

    /** The dead letter for {@code input}, read from {@code source}. */
    public static Record<byte[], byte[]> of(Record<byte[], byte[]> input, RecordMetadata source,
                                            DeadLetterReason reason, String message) {
        Headers headers = new RecordHeaders(input.headers().toArray());
        headers.add(REASON_HEADER, utf8(reason.code()));
        headers.add(MESSAGE_HEADER, utf8(message));
        headers.add(TOPIC_HEADER, utf8(source.topic()));
        headers.add(PARTITION_HEADER, utf8(Integer.toString(source.partition())));
        headers.add(OFFSET_HEADER, utf8(Long.toString(source.offset())));
        return new Record<>(input.key(), input.value(), input.timestamp(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
