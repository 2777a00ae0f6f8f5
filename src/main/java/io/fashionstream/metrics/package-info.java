/** Micrometer meters, one binder per subsystem, and the HTTP endpoint serving /metrics and /health/*. */
package io.fashionstream.metrics;
