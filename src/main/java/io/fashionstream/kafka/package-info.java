/** Kafka plumbing shared by the services: the embedded dev broker, topic declarations and creation, client config. */
package io.fashionstream.kafka;
