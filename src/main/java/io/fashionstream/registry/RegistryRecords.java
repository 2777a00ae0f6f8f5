package io.fashionstream.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records that make up a version or a control instruction on the models topic, exactly as the
 * publisher writes them: chunks {@code v<N>/chunk/<I>} (raw bytes), then the manifest {@code v<N>/manifest}
 * (JSON, header {@value SigningKey#HEADER} = HMAC of the whole artifact when signing), or one
 * {@code control/<S>} (JSON, header = HMAC of the value). Keys and header values are UTF-8.
 */
public final class RegistryRecords {
    private RegistryRecords() {
    }

    /** The chunk records followed by the manifest record of one version, in the order they must be sent. */
    public static List<ProducerRecord<String, byte[]>> version(String topic, Manifest manifest, byte[] artifact,
                                                               Optional<SigningKey> key) {
        List<byte[]> chunks = Chunks.split(artifact, manifest.chunkBytes());
        if (chunks.size() != manifest.chunks() || artifact.length != manifest.sizeBytes()) {
            throw new IllegalArgumentException("Manifest of " + ModelVersion.name(manifest.version())
                    + " does not describe these " + artifact.length + " bytes");
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(chunks.size() + 1);
        for (int i = 0; i < chunks.size(); i++) {
            records.add(new ProducerRecord<>(topic, null, new RegistryKey.ChunkKey(manifest.version(), i).text(), chunks.get(i)));
        }
        records.add(new ProducerRecord<>(topic, null, null, new RegistryKey.ManifestKey(manifest.version()).text(),
                manifest.toJson(), signatureHeaders(key, artifact)));
        return records;
    }

    /** The record of one control instruction. */
    public static ProducerRecord<String, byte[]> control(String topic, ControlRecord control, Optional<SigningKey> key) {
        byte[] value = control.toJson();
        return new ProducerRecord<>(topic, null, null, new RegistryKey.ControlKey(control.sequence()).text(), value,
                signatureHeaders(key, value));
    }

    private static Headers signatureHeaders(Optional<SigningKey> key, byte[] signed) {
        RecordHeaders headers = new RecordHeaders();
        key.ifPresent(k -> headers.add(SigningKey.HEADER, k.sign(signed).getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** The signature header's value, or {@code null} when absent. */
    static String signature(Headers headers) {
        var h = headers == null ? null : headers.lastHeader(SigningKey.HEADER);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
