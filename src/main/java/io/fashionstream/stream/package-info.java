/** The classifier's Kafka Streams application: topology, micro-batching processor, serdes, dead-letter routing, error handlers. */
package io.fashionstream.stream;
