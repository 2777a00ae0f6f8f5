package io.fashionstream.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fashionstream.data.DatasetLocator;
import io.fashionstream.data.LabelledImages;
import io.fashionstream.inference.ModelSource;
import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.inference.Predictor;
import io.fashionstream.inference.ServingModel;
import io.fashionstream.stream.ClassifierConfig;
import io.fashionstream.stream.ClassifierService;

/**
 * Entry point of the benchmark's child JVMs ({@link ChildJvm}): {@code raw SPEC RESULT} measures raw
 * throughput and writes a {@link Specs.RawResult}; {@code classify SPEC} runs the classifier service, prints
 * {@code RUNNING} on stdout once Kafka Streams runs, and stops when its stdin says {@code stop} or closes.
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
        ClassifierConfig config = ClassifierConfig.defaults()
                .withApplicationId(spec.applicationId())
                .withTopics(spec.inputTopic(), spec.predictionsTopic(), spec.deadLetterTopic())
                .withBatch(spec.batchSize(), Duration.ofMillis(spec.batchDelayMs()))
                .withStreamThreads(spec.streamThreads())
                .withStateDir(Path.of(spec.stateDir()))
                .withKafkaProperties(spec.kafkaProperties())
                .withKafkaProperty("bootstrap.servers", spec.bootstrapServers());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var service = new ClassifierService(config, ModelSource.fixed(serving), registry)) {
            service.start();
            if (!service.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("classifier not running after 2 minutes");
            }
            System.out.println(RUNNING + (serving.servingPath() ? Specs.NHWC : Specs.AS_TRAINED));
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
        return 0;
    }

    /** Cumulative counters of this classifier JVM: batches, images, time in the network, CPU time. */
    private static Specs.ClassifierStats stats(SimpleMeterRegistry registry) {
        var inference = registry.find("classifier.inference").timer();
        var sizes = registry.find("classifier.batch.size").summary();
        var latency = registry.find("classifier.latency").timer();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return new Specs.ClassifierStats(sizes == null ? 0 : sizes.count(), sizes == null ? 0 : (long) sizes.totalAmount(),
                inference == null ? 0 : inference.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9,
                os.getProcessCpuTime() / 1e9,
                latency == null ? 0 : latency.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9,
                registry.getMeters().stream().filter(m -> m.getId().getName().equals("kafka.stream.thread.commit.latency.avg"))
                        .mapToDouble(m -> m.measure().iterator().next().getValue()).filter(v -> !Double.isNaN(v))
                        .average().orElse(Double.NaN));
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
