package io.fashionstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.fashionstream.cli.Main;

/**
 * A tiny full benchmark on the real embedded broker (fresh networks, a few hundred images per step): the
 * end-to-end ladder, latency (of the classifier and of Kafka's path alone) and the named ratios are in the report.
 * Structure only, no timing assertions.
 */
class BenchCommandIT {

    @Test
    void shouldMeasureEndToEndThroughKafkaAndReportTheRatios() throws Exception {
        StringWriter console = new StringWriter();

        Path out = bench("bench-e2e", console, "--baseline-images", "40", "--latency-warmup-seconds", "0.5",
                "--inference-threads", "1");

        assertThat(out.resolve(ReportWriter.E2E_CHART)).isRegularFile().isNotEmptyFile();
        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON_FILE).toFile());
        for (String ratio : new String[] {"batched_e2e_over_per_record_e2e", "e2e_over_raw_ceiling", "raw_ceiling_over_peak"}) {
            assertThat(json.path(ratio).asDouble()).as(ratio).isPositive();
        }
        JsonNode e2e = json.path("end_to_end");
        JsonNode runs = e2e.path("runs");
        assertThat(runs.size()).isGreaterThanOrEqualTo(4);
        assertThat(runs.get(0).path("batch_size").asInt()).as("per-record baseline").isEqualTo(1);
        assertThat(runs.get(0).path("path").asText()).isEqualTo("as-trained");
        assertThat(runs.get(runs.size() - 1).path("name").asText()).isEqualTo("tuned default");
        assertThat(runs.get(runs.size() - 1).path("path").asText()).isEqualTo("nhwc");
        assertThat(runs.get(runs.size() - 2).path("name").asText()).isEqualTo("inference threads");
        assertThat(runs.get(runs.size() - 1).path("inference_threads").asInt()).as("the tuned default's").isEqualTo(1);
        assertThat(runs.get(runs.size() - 2).path("accuracy").asDouble()).as("pipelined: every image answered, "
                + "as accurately as on the stream threads").isCloseTo(runs.get(runs.size() - 3).path("accuracy").asDouble(),
                org.assertj.core.data.Offset.offset(0.01));
        runs.forEach(r -> assertThat(r.path("images_per_second").asDouble()).isPositive());
        JsonNode latency = e2e.path("latency_at_half_load");
        assertThat(latency.path("p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(latency.path("p99_ms").asDouble());
        assertThat(latency.path("offered_rate").asDouble())
                .isCloseTo(e2e.path("tuned_images_per_second").asDouble() / 2, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(latency.path("warmup_seconds").asDouble()).as("paced warm-up before the latency run").isEqualTo(0.5);
        assertThat(latency.has("jit_cores")).isTrue();
        for (JsonNode run : new JsonNode[] {latency, e2e.path("transport_latency")}) { // Kafka's client metrics, per commit
            assertThat(run.path("commits_per_second_per_thread").asDouble()).as("commits during the latency run").isPositive();
            for (String step : new String[] {"flush_ms", "offsets_ms", "end_txn_ms"}) {
                assertThat(run.path(step).isNumber()).as(step).isTrue();
                assertThat(run.path(step).asDouble()).as(step).isGreaterThanOrEqualTo(0)
                        .isLessThanOrEqualTo(10_000); // the transaction timeout
            }
        }
        if (Files.isReadable(Path.of("/proc/self/task"))) { // Linux: how long each JVM's threads waited for a core
            for (String waited : new String[] {"classifier_wait_cores", "broker_and_load_wait_cores"}) {
                assertThat(latency.path(waited).isNumber()).as(waited).isTrue();
                assertThat(latency.path(waited).asDouble()).as(waited).isGreaterThanOrEqualTo(0).isLessThan(50);
            }
            assertThat(Files.readString(out.resolve(ReportWriter.MARKDOWN_FILE))).contains("Runnable threads waited for a core")
                    .contains("(the load generator and prediction reader ");
            for (JsonNode run : new JsonNode[] {latency, e2e.path("transport_latency")}) {
                assertThat(run.path("load_cpu_cores").asDouble()).as("load generator and reader").isPositive()
                        .isLessThanOrEqualTo(run.path("broker_and_load_cpu_cores").asDouble());
            }
        }
        runs.forEach(r -> assertThat(r.has("jit_cores")).as("JIT activity of %s", r.path("name")).isTrue());
        JsonNode requests = runs.get(runs.size() - 1).path("broker_requests_per_second");
        for (String api : new String[] {"Produce", "Fetch", "EndTxn", "TxnOffsetCommit"}) {
            assertThat(requests.path(api).asDouble()).as("the broker's %s requests in the tuned default's round", api).isPositive();
        }
        JsonNode alone = e2e.path("transport");
        assertThat(alone.path("images_per_second").asDouble()).as("Kafka path alone, full speed").isPositive();
        assertThat(alone.path("accuracy").isNull()).as("a fixed answer has no accuracy").isTrue();
        assertThat(json.path("e2e_bound_over_raw_ceiling").asDouble()).isStrictlyBetween(0.0, 1.0);
        JsonNode transport = e2e.path("transport_latency");
        assertThat(transport.path("p50_ms").asDouble()).as("Kafka path alone").isPositive()
                .isLessThanOrEqualTo(transport.path("p99_ms").asDouble());
        assertThat(transport.path("offered_rate").asDouble()).isEqualTo(latency.path("offered_rate").asDouble());
        assertThat(transport.path("warmup_seconds").asDouble()).isEqualTo(0.5);
        JsonNode standIn = e2e.path("network_stand_in");
        assertThat(standIn.path("path").asText()).isEqualTo("stand-in");
        assertThat(standIn.path("images_per_second").asDouble()).as("the classifier with a stand-in network").isPositive();
        assertThat(standIn.path("accuracy").isNull()).as("the stand-in's answers are fixed").isTrue();
        assertThat(standIn.path("mean_batch").asDouble()).as("it batches like the classifier").isGreaterThan(1);
        if (Files.isReadable(Path.of("/proc/self/task"))) {
            assertThat(standIn.path("load_cpu_cores").asDouble()).as("load generator and reader").isPositive()
                    .isLessThanOrEqualTo(standIn.path("broker_and_load_cpu_cores").asDouble());
        }
        assertThat(json.path("e2e_bound_over_raw_ceiling").asDouble())
                .isLessThanOrEqualTo(standIn.path("images_per_second").asDouble()
                        / json.path("raw_ceiling").path("images_per_second").asDouble() + 1e-9);
        for (JsonNode run : new JsonNode[] {latency, transport}) {
            for (String busy : new String[] {"classifier_cpu_cores", "broker_and_load_cpu_cores"}) {
                assertThat(run.path(busy).asDouble()).as(busy).isPositive().isLessThan(2 * Runtime.getRuntime().availableProcessors());
            }
        }
        assertThat(json.path("targets")).hasSize(4);
        assertThat(Files.readString(out.resolve(ReportWriter.MARKDOWN_FILE))).contains("End to end through Kafka")
                .contains("Kafka's exactly-once path alone at the same offered load")
                .contains("Kafka's exactly-once path alone as fast as possible").contains("e2e_bound_over_raw_ceiling: ")
                .contains("after 0.5 s at that rate not measured").contains(" ms to end the transaction. Each stream thread committed ")
                .contains("The tuned default with a stand-in for the network (each batch sleeps ")
                .contains(" is e2e_bound_over_raw_ceiling, against the tuned default's ")
                .contains("The classifier JVM was busy ");
    }

    @Test
    void shouldMeasureTheLatencyAtAFixedRateWithoutJudgingTheHalfLoadTarget() throws Exception {
        StringWriter console = new StringWriter();

        Path out = bench("bench-rate", console, "--steps", "tuned", "--latency-warmup-seconds", "0", "--latency-rate", "40");

        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON_FILE).toFile());
        JsonNode e2e = json.path("end_to_end");
        assertThat(e2e.path("latency_at_fixed_rate").asBoolean()).isTrue();
        assertThat(e2e.path("latency_at_half_load").path("offered_rate").asDouble()).isEqualTo(40);
        assertThat(e2e.path("transport_latency").path("offered_rate").asDouble()).isEqualTo(40);
        assertThat(e2e.path("latency_at_half_load").path("images").asInt()).as("1 s at 40 images/s").isEqualTo(40);
        java.util.List<String> targets = new java.util.ArrayList<>();
        json.path("targets").forEach(t -> targets.add(t.path("name").asText()));
        assertThat(targets).containsExactly("raw_ceiling_over_peak", "e2e_over_raw_ceiling");
        assertThat(console.toString()).doesNotContain("p99_latency_ms_at_half_load");
        assertThat(Files.readString(out.resolve(ReportWriter.MARKDOWN_FILE)))
                .contains("at a fixed rate set with --latency-rate, not half its maximum, so the p99 target is not judged (40 images/s offered");
    }

    /**
     * A tiny run into a fresh temp directory whose name starts with {@code prefix}, returned once the command exited
     * with 0; its console output into {@code console}: fresh networks, one raw batch size of a tenth of a second, a few
     * hundred images per end-to-end round, one round, a 1 s latency run; {@code more} options after.
     */
    private static Path bench(String prefix, StringWriter console, String... more) throws java.io.IOException {
        Path out = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), prefix);
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(console));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench", "--output", out.toString(),
                "--batch-sizes", "8", "--seconds", "0.1", "--warmup-seconds", "0.05", "--images", "300",
                "--warmup-images", "20", "--e2e-warmup-seconds", "0", "--latency-seconds", "1", "--rounds", "1",
                "--model", out.resolve("absent.fsmodel").toString(), "--seed-model", out.resolve("absent.fsmodel").toString()));
        args.addAll(java.util.List.of(more));
        assertThat(cli.execute(args.toArray(String[]::new))).as(console.toString()).isZero();
        return out;
    }
}
