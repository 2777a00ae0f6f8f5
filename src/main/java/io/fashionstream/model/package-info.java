/** Network definitions, training, evaluation and the model artifact (network bytes + metadata + digest). */
package io.fashionstream.model;
