/** picocli commands: parse options, build config records, call into the other packages; the only place that prints. */
package io.fashionstream.cli;
