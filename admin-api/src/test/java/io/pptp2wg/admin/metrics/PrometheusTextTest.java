package io.pptp2wg.admin.metrics;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {
    @Test
    void dropwizardMetricsWithLabelsInTheirNamesBecomeOneFamily() {
        MetricRegistry r = new MetricRegistry();
        r.counter("pptp2wg_auth_failures_total" + PrometheusText.labels("auth", "MS-CHAPv2")).inc(3);
        r.counter("pptp2wg_auth_failures_total" + PrometheusText.labels("auth", "PAP")).inc();
        r.counter("jvm.threads-live").inc(7);
        r.meter("io.dropwizard.requests").mark(2);
        r.timer("db.query").update(java.time.Duration.ofMillis(5));
        r.register("ratio", (com.codahale.metrics.Gauge<Double>) () -> 0.25);
        r.register("words", (com.codahale.metrics.Gauge<String>) () -> "not a number");
        String text = PrometheusText.write(r, List.of(() -> List.of(new PrometheusText.Family("pptp2wg_users", "gauge",
                "users per migration state", List.of(new PrometheusText.Sample(PrometheusText.labels("state", "migrated"), 2))))));
        assertThat(text).contains("""
                # TYPE pptp2wg_auth_failures_total counter
                pptp2wg_auth_failures_total{auth="MS-CHAPv2"} 3
                pptp2wg_auth_failures_total{auth="PAP"} 1
                """);
        assertThat(text).contains("# HELP pptp2wg_users users per migration state\n# TYPE pptp2wg_users gauge\npptp2wg_users{state=\"migrated\"} 2\n");
        assertThat(text).contains("# TYPE jvm_threads_live gauge\njvm_threads_live 7\n");
        assertThat(text).contains("# TYPE io_dropwizard_requests_total counter\nio_dropwizard_requests_total 2\n");
        assertThat(text).contains("# TYPE db_query_seconds summary\n").contains("db_query_seconds{quantile=\"0.5\"} 0.005")
                .contains("db_query_seconds_count 1\n");
        assertThat(text).contains("ratio 0.25\n").doesNotContain("words");
        assertThat(text.split("# TYPE pptp2wg_auth_failures_total", -1)).hasSize(2);
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(PrometheusText.labels("host", "a\"b\\c\nd")).isEqualTo("{host=\"a\\\"b\\\\c\\nd\"}");
        assertThat(PrometheusText.sanitize("9lives.count-x")).isEqualTo("_9lives_count_x");
    }
}
