package io.fashionstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.inference.Predictor;

/**
 * A trained model as one file: a ZIP holding {@code metadata.json} ({@link ModelMetadata}) and
 * {@code network.bin} (DL4J's serialized network, without updater state). {@link #fromBytes} checks the
 * SHA-256 of the network bytes against the metadata before anything is handed to DL4J, so a tampered or
 * truncated artifact is refused with a message instead of being loaded. Immutable.
 */
public record ModelArtifact(ModelMetadata metadata, byte[] networkBytes) {
    public static final String METADATA_ENTRY = "metadata.json";
    public static final String NETWORK_ENTRY = "network.bin";
    public static final String EXTENSION = ".fsmodel";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Serializes {@code net} and stamps the metadata with the network digest and a version id derived from it. */
    public static ModelArtifact of(MultiLayerNetwork net, ModelMetadata metadata) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] network = canonicalZip(bytes.toByteArray());
        String sha = sha256(network);
        ModelMetadata stamped = metadata.withNetworkSha256(sha);
        if (stamped.version() == null) {
            stamped = stamped.withVersion(metadata.architecture() + "-"
                    + metadata.createdAt().replaceAll("[^0-9TZ]", "") + "-" + sha.substring(0, 8));
        }
        return new ModelArtifact(stamped, network);
    }

    /**
     * Re-packs a ZIP with every entry's timestamp fixed. DL4J stamps its entries with the current time, so
     * identical weights would otherwise hash differently on every save and the digest could not identify a model.
     */
    static byte[] canonicalZip(byte[] zipBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zipBytes.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(FIXED_ENTRY_TIME);
                zip.putNextEntry(copy);
                in.transferTo(zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** 1980-01-01T00:00 local, the earliest time a ZIP entry can hold. */
    private static final long FIXED_ENTRY_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();

    /** The artifact file's bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(networkBytes.length + 16_384);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
            zip.write(JSON.writeValueAsBytes(metadata));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(NETWORK_ENTRY));
            zip.write(networkBytes);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Parses and verifies artifact bytes; {@code source} names them in error messages (a file, a topic offset).
     * Throws {@link InvalidModelException} if they are not an artifact or the network digest does not match.
     */
    public static ModelArtifact fromBytes(byte[] bytes, String source) {
        byte[] meta = null;
        byte[] network = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                switch (e.getName()) {
                    case METADATA_ENTRY -> meta = zip.readAllBytes();
                    case NETWORK_ENTRY -> network = zip.readAllBytes();
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new InvalidModelException(source + ": not a readable model artifact (" + e.getMessage() + ")", e);
        }
        if (meta == null || network == null) {
            throw new InvalidModelException(source + ": not a model artifact (expected a ZIP with "
                    + METADATA_ENTRY + " and " + NETWORK_ENTRY + ")");
        }
        ModelMetadata metadata;
        try {
            metadata = JSON.readValue(meta, ModelMetadata.class);
        } catch (IOException e) {
            throw new InvalidModelException(source + ": unreadable " + METADATA_ENTRY + " (" + e.getMessage() + ")", e);
        }
        if (metadata.formatVersion() != ModelMetadata.FORMAT_VERSION) {
            throw new InvalidModelException(source + ": artifact format " + metadata.formatVersion()
                    + " is not supported (this build reads format " + ModelMetadata.FORMAT_VERSION + ")");
        }
        if (metadata.networkSha256() == null || metadata.input() == null) {
            throw new InvalidModelException(source + ": metadata lacks networkSha256 or input");
        }
        String actual = sha256(network);
        if (!actual.equalsIgnoreCase(metadata.networkSha256())) {
            throw new InvalidModelException(source + ": network digest mismatch (metadata says "
                    + metadata.networkSha256() + ", bytes hash to " + actual + "); the artifact was altered or corrupted");
        }
        return new ModelArtifact(metadata, network);
    }

    /** Reads and verifies an artifact file. */
    public static ModelArtifact load(Path file) {
        try {
            return fromBytes(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file + ": file not found", e);
        } catch (IOException e) {
            throw new InvalidModelException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the artifact file atomically (a temporary file, then a rename). */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        Files.write(tmp, toBytes());
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Restores the DL4J network (a new instance on each call). */
    public MultiLayerNetwork network() {
        NativeRuntime.init();
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(networkBytes), false);
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelException("model " + metadata.version() + ": DL4J cannot load the network ("
                    + e.getMessage() + ")", e);
        }
    }

    /** A predictor over a freshly restored network, with the input scaling from the metadata. */
    public Predictor predictor() {
        return new Predictor(network(), metadata.input().scale());
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The metadata as pretty-printed JSON. */
    public String metadataJson() {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
