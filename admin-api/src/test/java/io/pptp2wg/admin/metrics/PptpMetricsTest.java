package io.pptp2wg.admin.metrics;

import com.codahale.metrics.MetricRegistry;
import io.pptp2wg.dhcp.DhcpMalformed;
import io.pptp2wg.gateway.GatewayStats;
import io.pptp2wg.pptp.control.ControlCounter;
import io.pptp2wg.pptp.control.Malformed;
import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreMalformed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PptpMetricsTest {
    @Test
    void thePptpSidesCountersAreFamiliesWithOneLabelPerCounter() {
        GatewayStats stats = new GatewayStats(() -> 3, () -> 2);
        stats.control().increment(ControlCounter.CONNECTIONS_OPENED);
        stats.control().malformed(Malformed.BAD_MAGIC_COOKIE);
        stats.gre().increment(GreCounter.WINDOW_FULL_DROPS);
        stats.gre().add(GreCounter.PACKETS_RECEIVED, 41);
        stats.gre().malformed(GreMalformed.NOT_ENHANCED);
        stats.dhcpMalformed().increment(DhcpMalformed.BAD_MAGIC_COOKIE);
        String text = PrometheusText.write(new MetricRegistry(), List.of(PptpMetrics.of(() -> stats)));
        assertThat(text)
                .contains("# TYPE pptp2wg_gre_total counter\n")
                .contains("pptp2wg_gre_total{event=\"window_full_drops\"} 1\n")
                .contains("pptp2wg_gre_total{event=\"packets_received\"} 41\n")
                .contains("pptp2wg_gre_malformed_total{reason=\"not_enhanced\"} 1\n")
                .contains("pptp2wg_pptp_control_total{event=\"connections_opened\"} 1\n")
                .contains("pptp2wg_pptp_control_malformed_total{reason=\"bad_magic_cookie\"} 1\n")
                .contains("pptp2wg_pptp_session_events_total{event=\"sessions_up\"} 0\n")
                .contains("pptp2wg_ppp_dropped_total{reason=\"mppe_late\"} 0\n")
                .contains("pptp2wg_dhcp_malformed_total{reason=\"bad_magic_cookie\"} 1\n")
                .contains("pptp2wg_pptp_session_events_total{event=\"dhcp_acks\"} 0\n")
                .contains("# TYPE pptp2wg_pptp_calls gauge\npptp2wg_pptp_calls 3\n");
    }

    @Test
    void nothingWhileTheGatewayIsNotBuilt() {
        assertThat(PptpMetrics.of(() -> null).get()).isEmpty();
    }
}
