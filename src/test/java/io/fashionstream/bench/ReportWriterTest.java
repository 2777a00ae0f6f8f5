package io.fashionstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportWriterTest {

    @Test
    void shouldListTheBrokersRequestsMostFrequentFirstWithTheirSum() {
        String line = ReportWriter.requests(Map.of("Fetch", 59.4, "Produce", 63.0, "EndTxn", 56.2, "Heartbeat", 0.4));

        assertThat(line).isEqualTo("Produce 63, Fetch 59, EndTxn 56 (179 in all)");
    }
}
