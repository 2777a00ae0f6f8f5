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

/** A tiny raw-only benchmark run (fresh networks, two batch sizes, a tenth of a second each): the report's structure. */
class BenchCommandTest {

    @Test
    void shouldWriteTheRawReportWithPeakRatioAndChart() throws Exception {
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Path out = Files.createTempDirectory(tmp, "bench-raw");
        StringWriter console = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(console));

        int code = cli.execute("bench", "--output", out.toString(), "--no-end-to-end", "--batch-sizes", "1,8",
                "--seconds", "0.1", "--warmup-seconds", "0.05",
                "--model", out.resolve("absent.fsmodel").toString(), "--seed-model", out.resolve("absent.fsmodel").toString());

        assertThat(code).as(console.toString()).isZero();
        assertThat(out.resolve(ReportWriter.MARKDOWN_FILE)).isRegularFile();
        assertThat(out.resolve(ReportWriter.RAW_CHART)).isRegularFile().isNotEmptyFile();
        JsonNode json = new ObjectMapper().readTree(out.resolve(ReportWriter.JSON_FILE).toFile());
        assertThat(json.path("raw_ceiling_over_peak").asDouble()).isPositive();
        assertThat(json.path("machine").path("cpu").path("gflops").asDouble()).isPositive();
        assertThat(json.path("machine").path("runtimes").get(2).asText())
                .startsWith("JIT CompileThresholdScaling: ").contains("0.1 in the classifier JVMs");
        assertThat(json.path("networks")).hasSize(2);
        json.path("networks").forEach(n -> assertThat(n.path("flops_per_image").asLong()).isPositive());
        // 2 networks x (as-trained and nhwc on default threads; as-trained and nhwc per core; nhwc alone) x 2 batch sizes
        assertThat(json.path("raw")).hasSize(2 * 5 * 2);
        json.path("raw").forEach(r -> assertThat(r.path("images_per_second").asDouble()).isPositive());
        assertThat(json.path("raw_ceiling").path("network").asText()).isEqualTo("cnn-bn");
        assertThat(json.path("raw_ceiling").path("path").asText()).isEqualTo("nhwc");
        assertThat(json.has("batched_e2e_over_per_record_e2e")).as("field present, null without end to end").isTrue();
        assertThat(console.toString()).contains("raw_ceiling_over_peak");
    }
}
