package io.fashionstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Static checks of the Grafana dashboards and alert rules against the metrics the code exports: every
 * panel uses the {@code $datasource} variable and {@code $__rate_interval}, and every series they name
 * exists in a scrape. {@code DashboardQueriesIT} then runs the queries on a real Prometheus.
 */
class DashboardsTest {
    static final Path DASHBOARDS = Path.of("grafana", "dashboards");
    private static final Pattern OUR_SERIES = Pattern.compile("\\b(?:classifier|trainer)_[a-z_]+\\b");
    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)]");
    private static final Pattern LE = Pattern.compile("(classifier_[a-z_]+_bucket)\\{[^}]*le=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PrometheusMeterRegistry registry;
    private static String scrape;

    @BeforeAll
    static void scrapeEveryMeter() {
        registry = Registries.prometheus("test");
        Scrapes.exercise(new ClassifierMetrics(registry));
        Scrapes.exercise(new TrainerMetrics(registry));
        scrape = registry.scrape();
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    static Stream<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void shouldHaveTheClassifierAndTrainerDashboards() throws IOException {
        assertThat(dashboards().map(p -> p.getFileName().toString())).contains("classifier.json", "trainer.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void shouldOfferAPrometheusDatasourceVariable(Path file) throws IOException {
        JsonNode variables = JSON.readTree(file.toFile()).path("templating").path("list");

        assertThat(variables).anySatisfy(v -> {
            assertThat(v.path("name").asText()).isEqualTo("datasource");
            assertThat(v.path("type").asText()).isEqualTo("datasource");
            assertThat(v.path("query").asText()).isEqualTo("prometheus");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void shouldQueryThroughTheDatasourceVariableInEveryPanel(Path file) throws IOException {
        for (JsonNode panel : panels(file)) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty().allSatisfy(t -> {
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(t.path("expr").asText()).isNotBlank();
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void shouldUseTheRateIntervalInEveryRangeSelector(Path file) throws IOException {
        for (String expr : exprs(file)) {
            Matcher range = RANGE.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
            while (range.find()) {
                assertThat(range.group(1)).as(expr).isIn("$__rate_interval", "$__range");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void shouldOnlyQuerySeriesTheCodeExports(Path file) throws IOException {
        Set<String> exported = Scrapes.names(scrape);
        for (String expr : exprs(file)) {
            assertThat(referenced(expr)).as(expr).isSubsetOf(exported);
            Matcher le = LE.matcher(expr);
            while (le.find()) {
                Pattern bucket = Pattern.compile(Pattern.quote(le.group(1)) + "\\{[^}]*le=\"" + Pattern.quote(le.group(2)) + "\"");
                assertThat(bucket.matcher(scrape).find()).as("bucket le=%s of %s exported", le.group(2), le.group(1)).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void shouldGiveEveryPanelAUniqueIdATitleAndADescription(Path file) throws IOException {
        Set<Integer> ids = new HashSet<>();
        JSON.readTree(file.toFile()).path("panels").forEach(p -> assertThat(ids.add(p.path("id").asInt())).isTrue());
        assertThat(panels(file)).allSatisfy(p -> {
            assertThat(p.path("title").asText()).isNotBlank();
            assertThat(p.path("description").asText()).as(p.path("title").asText()).isNotBlank();
        });
    }

    @Test
    void shouldOnlyAlertOnSeriesTheCodeExports() throws IOException {
        String rules = Files.readString(PrometheusRulesTest.DIR.resolve("alerts.yml"));

        assertThat(referenced(rules)).isNotEmpty().isSubsetOf(Scrapes.names(scrape));
    }

    /** The panels with queries (rows excluded). */
    static List<JsonNode> panels(Path file) throws IOException {
        List<JsonNode> result = new ArrayList<>();
        JSON.readTree(file.toFile()).path("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                result.add(p);
            }
        });
        return result;
    }

    private static List<String> exprs(Path file) throws IOException {
        List<String> result = new ArrayList<>();
        for (JsonNode panel : panels(file)) {
            panel.path("targets").forEach(t -> result.add(t.path("expr").asText()));
        }
        return result;
    }

    private static Set<String> referenced(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = OUR_SERIES.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
