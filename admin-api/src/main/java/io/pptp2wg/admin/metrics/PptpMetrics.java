package io.pptp2wg.admin.metrics;

import io.pptp2wg.gateway.GatewayStats;

import java.util.List;
import java.util.function.Supplier;

import static io.pptp2wg.admin.metrics.PrometheusText.Family;
import static io.pptp2wg.admin.metrics.PrometheusText.Sample;
import static io.pptp2wg.admin.metrics.PrometheusText.byLabel;

/**
 * The PPTP side's own counters, read at scrape time: the control connections' (RFC 2637 messages, refusals,
 * timeouts), the GRE layer's (RFC 2637 §4: sequence, acknowledgment and window events), what was refused as
 * malformed on each, the sessions' events (DHCPINFORMs answered among them), every PPP link's drops by reason and
 * the DHCP refused as malformed. Labels are the enum names in
 * lower case, e.g. {@code pptp2wg_gre_total{event="window_full_drops"}} or
 * {@code pptp2wg_ppp_dropped_total{reason="mppe_late"}}. They only grow.
 */
public final class PptpMetrics {
    private PptpMetrics() {}

    /** Nothing while {@code stats} gives null (the gateway is not built). */
    public static Supplier<List<Family>> of(Supplier<GatewayStats> stats) {
        return () -> {
            GatewayStats s = stats.get();
            return s == null ? List.of() : families(s);
        };
    }

    /**
     * With pppd's radius plugin: {@code pptp2wg_radius_dropped_total{reason=...}} (replies not trusted: wrong
     * authenticator, no Message-Authenticator, unknown identifier...) and {@code pptp2wg_radius_unreachable_total}.
     */
    public static Supplier<List<Family>> radius(Supplier<java.util.Optional<io.pptp2wg.gateway.radius.RadiusService>> radius) {
        return () -> radius.get().map(r -> List.of(
                new Family("pptp2wg_radius_dropped_total", "counter", "RADIUS replies dropped (not trusted), by reason",
                        byLabel("reason", r.drops())),
                new Family("pptp2wg_radius_unreachable_total", "counter",
                        "logins refused because no RADIUS server answered", List.of(Sample.of(r.unreachable())))))
                .orElse(List.of());
    }

    /**
     * RADIUS accounting: {@code pptp2wg_radius_acct_sent_total{status=start|stop|interim_update|accounting_on|accounting_off}},
     * {@code ..._answered_total}, {@code ..._given_up_total} (no server answered) and {@code ..._dropped_total{reason=...}}.
     */
    public static Supplier<List<Family>> accounting(Supplier<java.util.Optional<io.pptp2wg.gateway.radius.RadiusAccountingService>> acct) {
        return () -> acct.get().map(a -> List.of(
                new Family("pptp2wg_radius_acct_sent_total", "counter", "RADIUS accounting records sent, by Acct-Status-Type",
                        byLabel("status", a.sent())),
                new Family("pptp2wg_radius_acct_answered_total", "counter", "RADIUS accounting records answered, by Acct-Status-Type",
                        byLabel("status", a.answered())),
                new Family("pptp2wg_radius_acct_given_up_total", "counter",
                        "RADIUS accounting records given up (no server answered), by Acct-Status-Type", byLabel("status", a.givenUp())),
                new Family("pptp2wg_radius_acct_dropped_total", "counter", "Accounting-Responses dropped (not trusted), by reason",
                        byLabel("reason", a.drops()))))
                .orElse(List.of());
    }

    /**
     * RFC 5176: {@code pptp2wg_radius_dae_total{answer=disconnect_ack|coa_ack}}, {@code pptp2wg_radius_dae_nak_total{error_cause=503}}
     * and {@code pptp2wg_radius_dae_dropped_total{reason=unknown_client|bad_authenticator|...}}.
     */
    public static Supplier<List<Family>> dynamicAuthorization(
            Supplier<java.util.Optional<io.pptp2wg.gateway.radius.DynamicAuthorizationService>> dae) {
        return () -> dae.get().map(d -> {
            List<Sample> naks = new java.util.ArrayList<>();
            d.naks().forEach((cause, n) -> naks.add(new Sample(PrometheusText.labels("error_cause", String.valueOf(cause)), n)));
            return List.of(
                    new Family("pptp2wg_radius_dae_total", "counter", "RFC 5176 requests acted on, by answer", List.of(
                            new Sample(PrometheusText.labels("answer", "disconnect_ack"), d.disconnectAcks()),
                            new Sample(PrometheusText.labels("answer", "coa_ack"), d.coaAcks()))),
                    new Family("pptp2wg_radius_dae_nak_total", "counter", "RFC 5176 requests refused (NAK), by Error-Cause", naks),
                    new Family("pptp2wg_radius_dae_dropped_total", "counter",
                            "RFC 5176 datagrams dropped without an answer, by reason", byLabel("reason", d.drops())));
        }).orElse(List.of());
    }

    static List<Family> families(GatewayStats s) {
        return List.of(
                new Family("pptp2wg_pptp_control_total", "counter",
                        "PPTP control connection events (TCP 1723), by event", byLabel("event", s.control().snapshot())),
                new Family("pptp2wg_pptp_control_malformed_total", "counter",
                        "PPTP control messages refused as malformed, by reason", byLabel("reason", s.control().malformedSnapshot())),
                new Family("pptp2wg_gre_total", "counter",
                        "enhanced GRE packets and events, by event", byLabel("event", s.gre().snapshot())),
                new Family("pptp2wg_gre_malformed_total", "counter",
                        "GRE packets refused as malformed, by reason", byLabel("reason", s.gre().malformedSnapshot())),
                new Family("pptp2wg_pptp_session_events_total", "counter",
                        "PPTP call and session events, by event", byLabel("event", s.sessionSnapshot())),
                new Family("pptp2wg_ppp_dropped_total", "counter",
                        "PPP frames and packets dropped by the sessions' links, by reason", byLabel("reason", s.pppDrops().snapshot())),
                new Family("pptp2wg_dhcp_malformed_total", "counter",
                        "DHCP from clients to the gateway dropped as malformed, by reason", byLabel("reason", s.dhcpMalformed().snapshot())),
                new Family("pptp2wg_pptp_calls", "gauge", "PPTP calls open now (negotiating or up)",
                        List.of(Sample.of(s.liveCalls()))));
    }
}
