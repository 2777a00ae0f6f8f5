/** Fashion-MNIST reading (IDX files), image decoding to 28x28 grayscale and the ten class labels; no Kafka, no DL4J. */
package io.fashionstream.data;
