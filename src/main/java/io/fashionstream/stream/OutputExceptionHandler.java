package io.fashionstream.stream;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production exception handler: never skips an output. Every input must yield a prediction or a dead
 * letter, so a record that cannot be written fails the stream thread instead of being dropped (Kafka's
 * {@code resume} would lose it); under exactly-once the transaction aborts and the input is processed again
 * after the thread is replaced. Retriable errors are retried. The log line names the output topic and the
 * input position, and for an oversized record what to raise.
 */
public final class OutputExceptionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(OutputExceptionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            log.warn("Retrying write to {} for input {}-{}@{}: {}", record.topic(), context.topic(),
                    context.partition(), context.offset(), exception.toString());
            return Response.retry();
        }
        int size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        if (exception instanceof RecordTooLargeException) {
            log.error("Cannot write a {}-byte record to {} for input {}-{}@{}: too large. Raise the topic's "
                            + "max.message.bytes and producer.max.request.size above it; the input will be retried",
                    size, record.topic(), context.topic(), context.partition(), context.offset());
        } else {
            log.error("Cannot write to {} for input {}-{}@{}; the input will be retried: {}", record.topic(),
                    context.topic(), context.partition(), context.offset(), exception.toString());
        }
        return Response.fail();
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        log.error("Cannot serialize the {} of an output to {} for input {}-{}@{}: {}", origin, record.topic(),
                context.topic(), context.partition(), context.offset(), exception.toString());
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
