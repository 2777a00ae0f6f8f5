/**
 * Model versions on Kafka: publishing artifacts as numbered versions on the compacted models topic (trainer
 * side), and verifying, choosing and hot-swapping them (classifier side). Nothing from the topic reaches DL4J
 * before its SHA-256 and, when a signing key is configured, its HMAC signature have been checked.
 */
package io.fashionstream.registry;
