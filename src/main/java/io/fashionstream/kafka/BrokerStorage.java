package io.fashionstream.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.tools.StorageTool;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link EmbeddedKafka} broker's log directory: creating, formatting (KRaft needs it) and deleting it. */
final class BrokerStorage {
    private static final Logger log = LoggerFactory.getLogger(BrokerStorage.class);

    private BrokerStorage() {
    }

    /** A new empty directory under {@code java.io.tmpdir}. */
    static Path createTemporary() {
        try {
            return Files.createTempDirectory(tmpBase(), "embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka log dir", e);
        }
    }

    /**
     * Writes meta.properties and the bootstrap metadata, as {@code kafka-storage.sh format} does. A directory
     * an earlier run formatted ({@code --data-dir}) is left as it is: formatting again would need its cluster id.
     */
    static void formatIfNeeded(Path logDir, Properties serverProperties) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            log.debug("Kafka storage in {} is formatted already", logDir);
            return;
        }
        Path file = null;
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            file = Files.createTempFile(tmpBase(), "embedded-kafka-", ".properties");
            try (var out = Files.newBufferedWriter(file)) {
                serverProperties.store(out, "embedded Kafka, for kafka-storage format");
            }
            String[] args = {"format", "--config", file.toString(), "--cluster-id", Uuid.randomUuid().toString()};
            if (StorageTool.execute(args, quiet) != 0) {
                throw new KafkaException("kafka-storage format failed for " + logDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format Kafka storage in " + logDir, e);
        } finally {
            delete(file);
        }
    }

    /** Deletes a file or directory tree; a failure is logged, not thrown (cleanup must not hide the real error). */
    static void delete(Path path) {
        if (path == null) {
            return;
        }
        try {
            Utils.delete(path.toFile());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", path, e.toString());
        }
    }

    /** {@code java.io.tmpdir}, created if missing (the build sets it to a folder under the build directory). */
    private static Path tmpBase() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    }
}
