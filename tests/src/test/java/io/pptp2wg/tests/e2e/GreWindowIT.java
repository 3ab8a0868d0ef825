package io.pptp2wg.tests.e2e;

import io.pptp2wg.admin.auth.ApiToken;
import io.pptp2wg.tests.lab.ClientRun;
import io.pptp2wg.tests.lab.ClientScenario;
import io.pptp2wg.tests.lab.ClientScenario.Direction;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.IperfResult;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.PptpClientVm;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.ReferencePptpdVm;
import io.pptp2wg.tests.lab.SessionResult;
import io.pptp2wg.tests.lab.WireGuardBackend;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.pptp2wg.tests.e2e.GatewayApi.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, the GRE send path toward a real client: Debian's pppd 2.4.9 + pptp-linux 1.10 in one VM boot, the
 * gateway (the jar) and wireguard-go as the backend, pptpd 1.4.0 in a second VM as the reference. iperf3 both ways
 * through one session of each (the gateway must drop nothing at the client's GRE window, and download to the
 * client at least as fast as pptpd does), then
 * {@value #SETUPS} single-session scenarios in turn for the call set-up latency (pptp's up_secs: from pppd's
 * start to ip-up; the first LCP Configure-Request of a call must not be lost to a client that opens its GRE path
 * only after the Outgoing-Call-Reply). Numbers are printed with a {@code [measure]} prefix.
 */
@RealPeerTest(gateway = true)
class GreWindowIT {
    static final String BEHIND = "203.0.113.10";
    static final int IPERF_SECONDS = 8;
    static final int SETUPS = 8;
    static final String TOKEN = "gre-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final String GRE = "pptp2wg_gre_total{event=\"%s\"}";
    /**
     * Our download (backend->client, the mean of two runs) may fall this far below what the same client, in the
     * same boot, downloads from pptpd 1.4.0 (drop-in: no slower than the server it replaces). Single 8-s runs on
     * this host, shared with other emulated VMs, moved by about 10 %.
     * <p>Reverse against the forward rate of the same run is printed, not asserted: both are bound by the client
     * VM's one emulated CPU, and pptp-linux spends a select and a read per GRE packet it receives but reads its pty
     * 8 KB at a time when sending, so its download runs at about half its upload whatever the server (with the
     * GRE window out of the way, nothing queued or dropped: 0.67-0.76 under load, 1.09 once; from pptpd it uploads
     * 8-9 and downloads 14 Mbit/s, pptpd's own GRE receive being the slow side there).
     */
    static final double PPTPD_TOLERANCE = 0.15;
    /** An LCP restart period (3 s): a lost first Configure-Request shows as a set-up this much above the median. */
    static final double RESTART_SECONDS = 3.0;

    @Test
    void reverseReachesForwardAndCallsComeUpWithoutARestartPeriod() throws Exception {
        try (Netns ns = Netns.create();
             WireGuardBackend backend = WireGuardBackend.builder(ns).underlay("192.0.2.3/24").tunnel("203.0.113.1/24")
                     .behind(BEHIND).iperf(BEHIND, 5201).route("198.51.100.0/24").start();
             ReferencePptpdVm pptpd = ReferencePptpdVm.builder(ns).user("user01", "pass01").start();
             GatewayProcess gw = GatewayProcess.builder(ns).user("user01", "pass01")
                     .backend(backend.publicKey().toBase64(), backend.endpoint(), "203.0.113.0/24")
                     .apiToken(TOKEN)
                     .configYaml("api:", "  tokens:", "    - name: gre", "      sha256: " + ApiToken.sha256Hex(TOKEN))
                     .start()) {
            GatewayApi api = new GatewayApi(gw);
            backend.addPeers(api.call("GET", "/api/backend/peers", null, 200));

            PptpClientVm.Builder client = PptpClientVm.builder(ns)
                    .scenario(ClientScenario.named("rate").user("user01", "pass01")
                            // reverse, forward, forward, reverse: a load that drifts over the run on the shared
                            // host weighs on both directions alike
                            .iperf(IPERF_SECONDS, Direction.REV, Direction.FWD, Direction.FWD, Direction.REV)
                            .iperfTarget(BEHIND))
                    // the same client and runs against the legacy server, its own iperf3 on the far end
                    .scenario(ClientScenario.named("legacy").set("server", pptpd.address()).user("user01", "pass01")
                            .iperf(IPERF_SECONDS, Direction.REV, Direction.FWD, Direction.FWD, Direction.REV));
            for (int i = 0; i < SETUPS; i++) {
                client.scenario(ClientScenario.named("setup" + i).user("user01", "pass01"));
            }
            Map<String, Double> m0 = api.prometheus();
            double cpu0 = gw.cpuSeconds();
            ClientRun run = client.run();
            double cpu = gw.cpuSeconds() - cpu0;
            Map<String, Double> m1 = api.prometheus();

            double[] ours = rates(run, "rate", "through the gateway");
            double[] legacy = rates(run, "legacy", "through pptpd 1.4.0");
            double fwd = ours[0];
            double rev = ours[1];
            double drops = delta(m0, m1, "window_full_drops");
            measure("gateway GRE over those runs: data sent %.0f, queued %.0f, window_full_drops %.0f, ack timeouts %.0f,"
                            + " ack-only sent %.0f; reverse/forward %.2f (pptpd %.2f), our reverse/pptpd's %.2f",
                    delta(m0, m1, "data_sent"), delta(m0, m1, "window_queued"), drops, delta(m0, m1, "ack_timeouts"),
                    delta(m0, m1, "ack_only_sent"), rev / fwd, legacy[1] / legacy[0], rev / legacy[1]);
            measure("gateway CPU over the whole client run (%.0f s): %.1f s", run.totalSeconds(), cpu);

            List<Double> up = new ArrayList<>();
            for (int i = 0; i < SETUPS; i++) {
                SessionResult setup = run.scenario("setup" + i).session(0);
                assertThat(setup.up()).as(run.describe()).isTrue();
                up.add(setup.upSeconds());
            }
            Collections.sort(up);
            measure("call set-up (pppd start to ip-up), %d calls one after the other: p50 %.2f s, max %.2f s, all %s",
                    SETUPS, up.get(up.size() / 2), up.getLast(), up);
            assertThat(drops).as("frames dropped at a full GRE window").isLessThanOrEqualTo(0.01 * delta(m0, m1, "data_sent"));
            assertThat(rev).as("our download against pptpd's to the same client in the same boot, Mbit/s")
                    .isGreaterThanOrEqualTo(legacy[1] * (1 - PPTPD_TOLERANCE));

            assertThat(up.getLast()).as("no call waited for an LCP restart: " + up)
                    .isLessThan(up.get(up.size() / 2) + RESTART_SECONDS - 0.5);
        }
    }

    /** Forward and reverse Mbit/s of a scenario's iperf3 runs (means), printed. */
    private static double[] rates(ClientRun run, String scenario, String path) {
        SessionResult s = run.scenario(scenario).session(0);
        assertThat(s.up()).as(run.describe()).isTrue();
        assertThat(s.iperf()).as(run.describe()).hasSize(4).allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
        List<IperfResult> fwdRuns = s.iperf().stream().filter(i -> i.direction().equals("fwd")).toList();
        List<IperfResult> revRuns = s.iperf().stream().filter(i -> i.direction().equals("rev")).toList();
        double fwd = fwdRuns.stream().mapToDouble(IperfResult::receiverMbps).average().orElseThrow();
        double rev = revRuns.stream().mapToDouble(IperfResult::receiverMbps).average().orElseThrow();
        measure("iperf3 %d s each %s (rev, fwd, fwd, rev): client->server %.2f Mbit/s %s (retr %s), server->client"
                + " %.2f Mbit/s %s (retr %s)", IPERF_SECONDS, path, fwd, mbps(fwdRuns), retr(fwdRuns), rev,
                mbps(revRuns), retr(revRuns));
        return new double[] {fwd, rev};
    }

    private static List<Double> mbps(List<IperfResult> runs) {
        return runs.stream().map(IperfResult::receiverMbps).toList();
    }

    private static List<Integer> retr(List<IperfResult> runs) {
        return runs.stream().map(IperfResult::retransmits).toList();
    }

    private static double delta(Map<String, Double> m0, Map<String, Double> m1, String event) {
        String key = String.format(GRE, event);
        return sample(m1, key) - sample(m0, key);
    }

    private static void measure(String format, Object... args) {
        System.out.println("[measure] " + String.format(Locale.ROOT, format, args));
    }
}
