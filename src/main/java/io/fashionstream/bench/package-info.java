/** The throughput benchmark: raw inference ceiling, the machine's fp32 peak, and end to end through Kafka, as a report. */
package io.fashionstream.bench;
