package io.fashionstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.FashionClass;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.BatchRunner;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.inference.Predictor;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.metrics.ClassifierMetrics;
import io.fashionstream.stream.ClassifierConfig;
import io.fashionstream.stream.ClassifierService;
import io.fashionstream.stream.Prediction;
import io.fashionstream.stream.PredictionSerde;

/**
 * Entry point of the benchmark's child JVMs ({@link ChildJvm}): {@code raw SPEC RESULT} measures raw
 * throughput and writes a {@link Specs.RawResult}; {@code classify SPEC} runs the classifier service, prints
 * {@code RUNNING} on stdout once Kafka Streams runs, and stops when its stdin says {@code stop} or closes;
 * {@code transport SPEC} does the same with Kafka's exactly-once path alone (no network).
 */
public final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** The status line a classifier child prints once it runs (other stdout lines, e.g. from logback, are skipped). */
    static final String RUNNING = "RUNNING ";
    /** Prefix of the answer to {@code stats}: a {@link Specs.ClassifierStats} as one JSON line. */
    static final String STATS = "STATS ";

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = switch (args[0]) {
                case "raw" -> raw(Specs.JSON.readValue(Path.of(args[1]).toFile(), Specs.RawSpec.class), Path.of(args[2]));
                case "classify" -> classify(Specs.JSON.readValue(Path.of(args[1]).toFile(), Specs.ClassifySpec.class));
                case "transport" -> transport(Specs.JSON.readValue(Path.of(args[1]).toFile(), Specs.ClassifySpec.class));
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            };
        } catch (Exception | Error e) {
            log.error("Benchmark worker failed", e);
            code = 1;
        }
        System.exit(code);
    }

    private static int raw(Specs.RawSpec spec, Path result) throws Exception {
        Double clock = spec.sgemmThreads() > 0 ? ClockProbe.ghz(Duration.ofMillis(200)) : null;
        NativeRuntime.Status runtime = NativeRuntime.init();
        LabelledImages images = DatasetLocator.standard(Optional.ofNullable(spec.dataDir()).map(Path::of))
                .locate().test().slice(0, 1024);
        List<Specs.RawPoint> points = new ArrayList<>();
        Map<String, Long> flops = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        Duration warmup = seconds(spec.warmupSeconds());
        Duration measure = seconds(spec.measureSeconds());
        for (Specs.Network network : spec.networks()) {
            BenchModel model = BenchModel.load(network.spec());
            flops.put(network.name(), FlopCount.perImage(model.network()));
            versions.put(network.name(), model.version());
            for (Specs.RawVariant variant : spec.variants()) {
                Predictor prototype = Specs.NHWC.equals(variant.path())
                        ? Predictor.forServing(model.network(), model.inputScale())
                        : new Predictor(model.network(), model.inputScale());
                if (Specs.NHWC.equals(variant.path()) && !prototype.servingPath()) {
                    throw new IllegalStateException(network.name() + ": the NHWC serving path was refused (see the log)");
                }
                List<Predictor> copies = new ArrayList<>();
                for (int i = 0; i < variant.copies(); i++) {
                    copies.add(prototype.copy());
                }
                try (RawThroughput bench = new RawThroughput(copies, images.pixels())) {
                    for (int batch : spec.batches()) {
                        double rate = bench.imagesPerSecond(batch, warmup, measure);
                        log.info("{} {} x{} (OpenMP {}) batch {}: {} img/s", network.name(), variant.path(),
                                variant.copies(), runtime.ompThreads(), batch, Math.round(rate));
                        points.add(new Specs.RawPoint(network.name(), variant.path(), variant.copies(),
                                runtime.ompThreads(), batch, rate));
                    }
                }
            }
        }
        Double sgemm = spec.sgemmThreads() > 0 ? SgemmProbe.gflops(spec.sgemmThreads(), 1024, measure) : null;
        Specs.JSON.writeValue(result.toFile(), new Specs.RawResult(runtime.ompThreads(), runtime.describe(), points,
                flops, versions, sgemm, clock));
        return 0;
    }

    private static int classify(Specs.ClassifySpec spec) throws Exception {
        NativeRuntime.init();
        BenchModel model = BenchModel.load(spec.modelSpec());
        Predictor predictor = new Predictor(model.network(), model.inputScale());
        ServingModel serving = spec.servingPath()
                ? new ServingModel(model.version(), model.testAccuracy(), predictor)
                : ServingModel.asTrained(model.version(), model.testAccuracy(), predictor);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClassifierConfig config = config(spec);
        var metrics = new ClassifierMetrics(registry);
        boolean standIn = spec.standInMicrosPerImage() > 0;
        try (var service = standIn
                ? new ClassifierService(config, ModelSource.fixed(serving), metrics,
                        BatchRunner.standIn(Duration.ofNanos(Math.round(spec.standInMicrosPerImage() * 1e3)),
                                config.inferenceThreads()))
                : new ClassifierService(config, ModelSource.fixed(serving), metrics)) {
            service.start();
            if (!service.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("classifier not running after 2 minutes");
            }
            serve(standIn ? Specs.STAND_IN : serving.servingPath() ? Specs.NHWC : Specs.AS_TRAINED, registry);
        }
        return 0;
    }

    /**
     * Kafka's exactly-once path alone, the floor under the classifier's latency: a Kafka Streams application with the
     * classifier's settings and topics ({@link ClassifierConfig#streamsProperties()}) that answers each image at once
     * with the same fixed prediction, with no network, no batching and no state store.
     */
    private static int transport(Specs.ClassifySpec spec) throws Exception {
        byte[] answer;
        try (var serde = new PredictionSerde()) {
            double[] probabilities = new double[Predictor.CLASSES];
            probabilities[0] = 1;
            answer = serde.serialize(spec.predictionsTopic(), new Prediction("transport", 0,
                    FashionClass.ofLabel(0).displayName(), 1, probabilities, "none", null));
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(spec.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(image -> answer)
                .to(spec.predictionsTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var streams = new KafkaStreams(builder.build(), config(spec).streamsProperties());
             var metrics = new KafkaStreamsMetrics(streams)) {
            metrics.bindTo(registry);
            var running = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("transport-only Kafka Streams application not running after 2 minutes");
            }
            serve(Specs.TRANSPORT, registry);
        }
        return 0;
    }

    private static ClassifierConfig config(Specs.ClassifySpec spec) {
        return ClassifierConfig.defaults()
                .withApplicationId(spec.applicationId())
                .withTopics(spec.inputTopic(), spec.predictionsTopic(), spec.deadLetterTopic())
                .withBatch(spec.batchSize(), Duration.ofMillis(spec.batchDelayMs()))
                .withStreamThreads(spec.streamThreads())
                .withInferenceThreads(spec.inferenceThreads())
                .withStateDir(Path.of(spec.stateDir()))
                .withKafkaProperties(spec.kafkaProperties())
                .withKafkaProperty("bootstrap.servers", spec.bootstrapServers());
    }

    /** Prints {@code RUNNING <what>}, then answers the parent's commands on stdin until {@code stop} or its end. */
    private static void serve(String what, SimpleMeterRegistry registry) throws IOException {
        System.out.println(RUNNING + what);
        System.out.flush();
        var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = stdin.readLine()) != null && !line.equals("stop"); ) {
            if (line.equals("threadmetrics")) {
                registry.getMeters().stream()
                        .filter(m -> m.getId().getName().startsWith("kafka.stream.thread")
                                && m.getId().getName().matches(".*(commit|poll|punctuate|process)[.-](latency[.-](avg|max)|ratio|rate)"))
                        .forEach(m -> log.info("{} {} = {}", m.getId().getName(), m.getId().getTag("thread.id"),
                                m.measure().iterator().next().getValue()));
            }
            if (line.equals("stats")) {
                System.out.println(STATS + Specs.JSON.writer().without(
                        com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(stats(registry)));
                System.out.flush();
            }
        }
    }

    /** Cumulative counters of this classifier JVM: batches, images, time in the network, CPU, JIT and run-queue time. */
    private static Specs.ClassifierStats stats(SimpleMeterRegistry registry) {
        var inference = registry.find("classifier.inference").timer();
        var sizes = registry.find("classifier.batch.size").summary();
        var latency = registry.find("classifier.latency").timer();
        JvmTimes.ThreadTimes threads = JvmTimes.threadTimes();
        return new Specs.ClassifierStats(sizes == null ? 0 : sizes.count(), sizes == null ? 0 : (long) sizes.totalAmount(),
                inference == null ? 0 : inference.totalTime(TimeUnit.NANOSECONDS) / 1e9,
                JvmTimes.cpuSeconds(), threads.compileSeconds(), threads.waitSeconds(),
                latency == null ? 0 : latency.totalTime(TimeUnit.NANOSECONDS) / 1e9,
                values(registry, "kafka.stream.thread.commit.latency.avg").average().orElse(Double.NaN),
                Math.round(values(registry, "kafka.stream.thread.commit.total").sum()),
                values(registry, "kafka.producer.flush.time.ns.total").sum() / 1e9,
                values(registry, "kafka.producer.txn.send.offsets.time.ns.total").sum() / 1e9,
                values(registry, "kafka.producer.txn.commit.time.ns.total").sum() / 1e9);
    }

    /** A Kafka client metric's values over the clients that have it (stream threads, producers), NaN ones left out. */
    private static DoubleStream values(SimpleMeterRegistry registry, String name) {
        return registry.getMeters().stream().filter(m -> m.getId().getName().equals(name))
                .mapToDouble(m -> m.measure().iterator().next().getValue()).filter(v -> !Double.isNaN(v));
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
