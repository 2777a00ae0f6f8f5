/** The classifier used at serving time: a batch of images in, class probabilities out; one network copy per thread. */
package io.fashionstream.inference;
