package io.fashionstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.data.LabelledImages;
import io.fashionstream.kafka.KafkaSettings;
import io.fashionstream.kafka.TopicAdmin;
import io.fashionstream.kafka.Topics;

/**
 * One classifier under load, end to end: starts the classifier in a child JVM on its own topics, then
 * produces Fashion-MNIST test images to its input topic and reads its predictions back with a
 * read_committed consumer, so a prediction counts only once its transaction committed. Measures
 * throughput (as fast as possible) and latency (at a fixed offered rate). Use from one thread.
 */
final class EndToEnd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EndToEnd.class);

    /**
     * A classifier configuration to run; {@code ompThreads} null leaves OpenMP at its default (one per core). With
     * {@code transportOnly} the child runs Kafka's exactly-once path alone with the same settings (no network); with
     * {@code standInMicrosPerImage} above 0 the classifier itself, with a stand-in for the network that takes that
     * long per image and no CPU ({@link io.fashionstream.inference.BatchRunner#standIn}).
     */
    record Variant(String name, String change, boolean servingPath, int batchSize, int batchDelayMs,
                   int streamThreads, int inferenceThreads, Integer ompThreads, Map<String, String> kafkaProperties,
                   boolean transportOnly, double standInMicrosPerImage) {
        Variant {
            kafkaProperties = Map.copyOf(kafkaProperties);
        }

        /** A configuration with the network. */
        Variant(String name, String change, boolean servingPath, int batchSize, int batchDelayMs, int streamThreads,
                int inferenceThreads, Integer ompThreads, Map<String, String> kafkaProperties, boolean transportOnly) {
            this(name, change, servingPath, batchSize, batchDelayMs, streamThreads, inferenceThreads, ompThreads,
                    kafkaProperties, transportOnly, 0);
        }

        /**
         * This configuration with the network replaced by a stand-in that takes {@code microsPerImage} of a stream
         * thread's time per image (the network's time at the raw ceiling) and no CPU.
         */
        Variant standIn(double microsPerImage) {
            return new Variant("network stand-in", String.format(Locale.ROOT, "the same classifier, each batch "
                    + "sleeping %.1f µs per image instead of running the network", microsPerImage), servingPath, batchSize,
                    batchDelayMs, streamThreads, inferenceThreads, ompThreads, kafkaProperties, false, microsPerImage);
        }

        /** Whether the classifier child runs the network (not Kafka's path alone, not the stand-in). */
        boolean runsNetwork() {
            return !transportOnly && standInMicrosPerImage == 0;
        }

        /** The serving path the report names: {@link Specs#STAND_IN}, {@link Specs#NHWC} or {@link Specs#AS_TRAINED}. */
        String path() {
            return standInMicrosPerImage > 0 ? Specs.STAND_IN : servingPath ? Specs.NHWC : Specs.AS_TRAINED;
        }

        /** This configuration's Kafka Streams settings, topics and threads, with each image answered at once. */
        Variant transport() {
            return new Variant("Kafka path alone", "the same Kafka Streams settings, each image answered with a fixed "
                    + "prediction: no network, no batching, no state store", servingPath, batchSize, batchDelayMs,
                    streamThreads, inferenceThreads, ompThreads, kafkaProperties, true);
        }
    }

    /**
     * Images per second from the first send to the last committed prediction, and where the CPU went meanwhile:
     * cores busy in the network, the classifier JVM's CPU (network included), and this JVM's (broker, load
     * generator, prediction reader); {@code jitCores} is both JVMs' JIT compiler threads' CPU time per second (a
     * steady state has it near 0); {@code meanBatch} is the mean micro-batch size; {@code brokerRequestsPerSecond} the
     * embedded broker's requests by API ({@link BrokerRequests}); {@code loadCpuCores} the part of this JVM's CPU that
     * its load generator and prediction reader threads took (NaN where Linux's per-thread counters are missing).
     */
    record Throughput(int images, double seconds, double imagesPerSecond, Double accuracy, double meanBatch,
                      double inferenceCores, double classifierCpuCores, double brokerAndLoadCpuCores, double jitCores,
                      Map<String, Double> brokerRequestsPerSecond, double loadCpuCores) {
    }

    /**
     * Latency percentiles of images sent at {@code offeredRate} ({@code achievedRate} is what the sender managed):
     * until the prediction was visible to a read_committed consumer, and until it was written (broker append time);
     * with the classifier's mean batch, mean time from an image's timestamp to its prediction (its batch's inference
     * done), and Kafka Streams' average commit latency during the run; {@code classifierWaitCores} and
     * {@code brokerAndLoadWaitCores} are the time the classifier JVM's and this JVM's threads spent runnable but
     * waiting for a core, per second (summed over threads; NaN where Linux's per-thread counters are missing);
     * {@code classifierCpuCores} and {@code brokerAndLoadCpuCores} their CPU time per second (JIT compiling included),
     * and {@code loadCpuCores} the part of this JVM's that its load generator and prediction reader threads took (NaN
     * where Linux's per-thread counters are missing).
     */
    record Latency(double offeredRate, double achievedRate, int images, double p50Ms, double p99Ms, double maxMs,
                   double p50WrittenMs, double p99WrittenMs, double meanBatch, double meanToPredictionMs, double commitMs,
                   double warmupSeconds, double jitCores, double classifierWaitCores, double brokerAndLoadWaitCores,
                   double commitsPerSecondPerThread, double flushMs, double offsetsMs, double endTxnMs,
                   double classifierCpuCores, double brokerAndLoadCpuCores, double loadCpuCores) {
        /** The same measurement, noting the paced warm-up that preceded it. */
        Latency afterWarmUp(double seconds) {
            return new Latency(offeredRate, achievedRate, images, p50Ms, p99Ms, maxMs, p50WrittenMs, p99WrittenMs,
                    meanBatch, meanToPredictionMs, commitMs, seconds, jitCores, classifierWaitCores, brokerAndLoadWaitCores,
                    commitsPerSecondPerThread, flushMs, offsetsMs, endTxnMs, classifierCpuCores, brokerAndLoadCpuCores,
                    loadCpuCores);
        }
    }

    private final Variant variant;
    private final LabelledImages images;
    private final ChildJvm child;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String inputTopic;
    private final Thread reader;
    private final AtomicReference<Phase> phase = new AtomicReference<>();
    private volatile boolean running = true;

    private EndToEnd(Variant variant, LabelledImages images, ChildJvm child, String bootstrap, String inputTopic,
                     String predictionsTopic, Map<String, String> producerProperties) {
        this.variant = variant;
        this.images = images;
        this.child = child;
        this.inputTopic = inputTopic;
        Properties p = new Properties();
        p.putAll(producerProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.producer = new KafkaProducer<>(KafkaSettings.producer(p), new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        this.consumer = new KafkaConsumer<>(KafkaSettings.consumer(c), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(predictionsTopic).stream()
                .map(info -> new TopicPartition(predictionsTopic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.reader = new Thread(this::read, "bench-prediction-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code variant}'s classifier (a child JVM) on fresh topics named after {@code runId}, and waits until it runs. */
    static EndToEnd start(Variant variant, String runId, String bootstrap, String modelSpec, LabelledImages images,
                          Path workDir, Map<String, String> producerProperties) throws IOException {
        String prefix = "bench." + runId + ".";
        Path stateDir = Files.createDirectories(workDir.resolve("state-" + runId));
        var spec = new Specs.ClassifySpec(bootstrap, "fashion-stream-bench-" + runId, prefix + Topics.IMAGES,
                prefix + Topics.PREDICTIONS, prefix + Topics.DEAD_LETTERS, modelSpec, variant.servingPath(),
                variant.batchSize(), variant.batchDelayMs(), variant.streamThreads(), variant.inferenceThreads(),
                variant.kafkaProperties(), stateDir.toString(), variant.standInMicrosPerImage());
        // Predictions stamped with the broker's append time split latency into "until written" and "until committed".
        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        int partitions = Math.max(variant.streamThreads(), Topics.IMAGES_PARTITIONS);
        try (TopicAdmin topics = new TopicAdmin(admin)) {
            // One input partition per stream thread (at least the project's default), so that every thread has work.
            topics.ensure(List.of(Topics.images().withName(spec.inputTopic()).withPartitions(partitions),
                    Topics.predictions().withName(spec.predictionsTopic()).withPartitions(partitions)
                            .withConfig("message.timestamp.type", "LogAppendTime")));
        }
        Path specFile = workDir.resolve("classify-" + runId + ".json");
        Specs.JSON.writeValue(specFile.toFile(), spec);
        ChildJvm child = ChildJvm.start("classifier " + variant.name(), variant.ompThreads(),
                workDir.resolve("classifier-" + runId + ".log"), variant.transportOnly() ? "transport" : "classify",
                specFile.toString());
        try {
            String status = child.readLine();
            while (!status.startsWith(Worker.RUNNING)) {
                log.debug("classifier {}: {}", variant.name(), status); // e.g. logback's own status lines
                status = child.readLine();
            }
            log.info("Classifier '{}' running ({})", variant.name(), status);
            return new EndToEnd(variant, images, child, bootstrap, spec.inputTopic(), spec.predictionsTopic(),
                    producerProperties);
        } catch (IOException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** Sends {@code count} images as fast as the producer takes them and waits for all their predictions. */
    Throughput throughput(String phaseName, int count, Duration timeout) throws InterruptedException {
        Phase p = new Phase(phaseName, count);
        phase.set(p);
        Specs.ClassifierStats before = stats();
        double ownCpu = JvmTimes.cpuSeconds();
        JvmTimes.ThreadTimes own = JvmTimes.threadTimes();
        Map<String, Long> requestsBefore = BrokerRequests.counts();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            send(p, i);
        }
        producer.flush();
        await(p, timeout);
        long end = Arrays.stream(p.received).max().orElse(start);
        double wall = (System.nanoTime() - start) / 1e9;
        Specs.ClassifierStats used = stats().minus(before);
        double seconds = (end - start) / 1e9;
        Map<String, Double> requests = BrokerRequests.perSecond(requestsBefore, BrokerRequests.counts(), wall);
        JvmTimes.ThreadTimes ownNow = JvmTimes.threadTimes();
        return new Throughput(count, seconds, count / seconds, p.accuracy(images),
                used.batches() == 0 ? 0 : (double) used.images() / used.batches(), used.inferenceSeconds() / wall,
                used.cpuSeconds() / wall, (JvmTimes.cpuSeconds() - ownCpu) / wall,
                jitCores(used, ownNow.compileSeconds() - own.compileSeconds(), wall), requests,
                (ownNow.loadSeconds() - own.loadSeconds()) / wall);
    }

    /**
     * Sends {@code count} images at {@code rate} per second, evenly spaced, and reports their latency; {@code phaseName}
     * keys the images apart from any earlier phase's.
     */
    Latency latency(String phaseName, double rate, int count, Duration timeout) throws InterruptedException {
        Phase p = new Phase(phaseName, count);
        phase.set(p);
        Specs.ClassifierStats before = stats();
        JvmTimes.ThreadTimes own = JvmTimes.threadTimes();
        double ownCpu = JvmTimes.cpuSeconds();
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        for (int i = 0; i < count; i++) {
            long due = start + Math.round(i * interval);
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            send(p, i);
        }
        long lastSend = System.nanoTime();
        await(p, timeout);
        double wall = (System.nanoTime() - start) / 1e9;
        double ownCpuNow = JvmTimes.cpuSeconds();
        Specs.ClassifierStats used = stats().minus(before);
        JvmTimes.ThreadTimes ownNow = JvmTimes.threadTimes();
        double[] ms = new double[count];
        double[] written = new double[count];
        for (int i = 0; i < count; i++) {
            ms[i] = (p.received[i] - p.sent[i]) / 1e6;
            written[i] = p.appendedMs[i] - p.sentMs[i];
        }
        Arrays.sort(ms);
        Arrays.sort(written);
        return new Latency(rate, count / ((lastSend - start) / 1e9), count, percentile(ms, 0.50),
                percentile(ms, 0.99), ms[count - 1], percentile(written, 0.5), percentile(written, 0.99),
                used.batches() == 0 ? 0 : (double) used.images() / used.batches(),
                used.images() == 0 ? 0 : used.toPredictionSeconds() * 1000 / used.images(), used.commitLatencyMs(), 0,
                jitCores(used, ownNow.compileSeconds() - own.compileSeconds(), wall), used.waitSeconds() / wall,
                (ownNow.waitSeconds() - own.waitSeconds()) / wall, used.commits() / wall / variant.streamThreads(),
                perCommitMs(used.flushSeconds(), used), perCommitMs(used.offsetsSeconds(), used),
                perCommitMs(used.endTxnSeconds(), used), used.cpuSeconds() / wall, (ownCpuNow - ownCpu) / wall,
                (ownNow.loadSeconds() - own.loadSeconds()) / wall);
    }

    /** Seconds summed over the commits, in ms per commit (NaN without commits). */
    private static double perCommitMs(double seconds, Specs.ClassifierStats used) {
        return used.commits() == 0 ? Double.NaN : seconds * 1000 / used.commits();
    }

    /** Asks the classifier to log Kafka Streams' per-thread time split (poll, process, punctuate, commit) to its log. */
    void threadMetrics() {
        try {
            child.send("threadmetrics");
        } catch (IOException e) {
            log.debug("classifier gone before logging its thread metrics", e);
        }
    }

    /** The classifier child's cumulative counters. */
    Specs.ClassifierStats stats() {
        try {
            child.send("stats");
            String line = child.readLine();
            while (!line.startsWith(Worker.STATS)) {
                line = child.readLine();
            }
            return Specs.JSON.readValue(line.substring(Worker.STATS.length()), Specs.ClassifierStats.class);
        } catch (IOException e) {
            throw new IllegalStateException("classifier '" + variant.name() + "' did not report its counters: " + e.getMessage(), e);
        }
    }

    /** Both JVMs' compiler threads' CPU time per second of {@code wall}: the child's from its counters, plus this JVM's. */
    private static double jitCores(Specs.ClassifierStats used, double ownJitSeconds, double wall) {
        return (used.jitSeconds() + ownJitSeconds) / wall;
    }

    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length) - 1; // nearest-rank definition
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private void send(Phase p, int i) {
        int image = i % images.size();
        byte[] pixels = Arrays.copyOfRange(images.pixels(), image * LabelledImages.PIXELS, (image + 1) * LabelledImages.PIXELS);
        var headers = new RecordHeaders().add(Topics.LABEL_HEADER,
                Integer.toString(images.label(image)).getBytes(StandardCharsets.US_ASCII));
        p.sentMs[i] = System.currentTimeMillis();
        p.sent[i] = System.nanoTime();
        producer.send(new ProducerRecord<>(inputTopic, null, p.key(i), pixels, headers), (md, e) -> {
            if (e != null) {
                p.failure.compareAndSet(null, e);
                p.done.countDown();
            }
        });
    }

    private void await(Phase p, Duration timeout) throws InterruptedException {
        if (!p.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("classifier '" + variant.name() + "': only " + p.count.get() + " of "
                    + p.sent.length + " predictions after " + timeout.toSeconds() + " s");
        }
        if (p.failure.get() != null) {
            throw new IllegalStateException("producing to " + inputTopic + " failed: " + p.failure.get().getMessage(),
                    p.failure.get());
        }
    }

    private void read() {
        while (running) {
            var records = consumer.poll(Duration.ofMillis(20));
            long now = System.nanoTime();
            Phase p = phase.get();
            for (ConsumerRecord<String, byte[]> r : records) {
                if (p != null) {
                    p.receive(r.key(), r.value(), now, r.timestamp());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(5_000);
            child.stop(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("Stopping classifier '{}': {}", variant.name(), e.getMessage());
        } finally {
            child.close();
            producer.close(Duration.ofSeconds(10));
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** The images of one measurement: ids {@code <name>-<i>}, send and receive times, predicted labels. */
    private static final class Phase {
        final String prefix;
        final long[] sent;
        final long[] received;
        final int[] predicted;
        final long[] sentMs;
        final long[] appendedMs;
        final AtomicInteger count = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Exception> failure = new AtomicReference<>();

        Phase(String name, int images) {
            this.prefix = name + "-";
            this.sent = new long[images];
            this.received = new long[images];
            this.predicted = new int[images];
            this.sentMs = new long[images];
            this.appendedMs = new long[images];
        }

        String key(int i) {
            return prefix + i;
        }

        void receive(String key, byte[] value, long now, long appendTimeMs) {
            if (key == null || !key.startsWith(prefix)) {
                return;
            }
            int i = Integer.parseInt(key, prefix.length(), key.length(), 10);
            if (received[i] == 0) {
                received[i] = now;
                appendedMs[i] = appendTimeMs;
                predicted[i] = label(value);
                if (count.incrementAndGet() == sent.length) {
                    done.countDown();
                }
            }
        }

        /** The "label" field of the prediction JSON, found without a full parse (the reader must keep up). */
        private static int label(byte[] json) {
            String s = new String(json, StandardCharsets.UTF_8);
            int at = s.indexOf("\"label\"");
            if (at < 0) {
                return -1;
            }
            for (int i = at + 7; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch >= '0' && ch <= '9') {
                    return ch - '0';
                }
            }
            return -1;
        }

        Double accuracy(LabelledImages images) {
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == images.label(i % images.size()) ? 1 : 0;
            }
            return predicted.length == 0 ? null : (double) correct / predicted.length;
        }
    }
}
