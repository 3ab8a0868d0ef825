package io.pptp2wg.tests.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a load-generator run measured: set-up (how many, how fast, why not), traffic (sent, received,
 * loss, round trips), TCP streams, CPU; printed as a table ({@link #table}) and as JSON ({@link #json}).
 * Times in milliseconds or seconds as named; -1 where there is nothing to measure.
 */
record LoadReport(
        String server,
        int sessions,
        int callsPerConnection,
        int connections,
        List<String> sources,
        String auth,
        String mppeAsked,
        int loops,
        boolean churn,
        Setup setup,
        Traffic traffic,
        List<TcpStream> tcp,
        Cpu cpu,
        Map<String, Long> pppDrops,
        Map<String, Long> gre,
        Map<String, Long> control) {

    /**
     * @param seconds    from the first connection attempt to the last session up
     * @param perSecond  sessions up per second over that time
     * @param seconds99  from the first attempt until 99 % of them were up (a straggler's retransmission excluded)
     * @param perSecond99 99 % of the sessions per {@code seconds99}
     * @param failures   sessions that never came up, by reason
     * @param mppe       sessions up, by the MPPE mode they negotiated
     * @param lostAfterUp sessions that went down on their own after they were up, by reason
     */
    record Setup(int up, int failed, double seconds, double perSecond, double seconds99, double perSecond99,
                 double latencyP50Ms, double latencyP99Ms,
                 double latencyMaxMs, Map<String, Long> failures, Map<String, Long> mppe, Map<String, Long> lostAfterUp) {}

    record Traffic(String kind, int size, double ratePerSession, double seconds, int sessions, long sent, long received,
                   double lossPercent, long bytesSent, long bytesReceived, double rttP50Ms, double rttP99Ms,
                   double rttMaxMs, long otherReceived, long sendsSkipped) {}

    record TcpStream(int session, String device, String target, int port, boolean reverse, double sentMbps,
                     double receivedMbps, long retransmits, String error) {}

    /** CPU seconds of the load generator and, when watched, of another process (the server). */
    record Cpu(double setupSeconds, double trafficSeconds, double totalSeconds, long watchedPid,
               double watchedSetupSeconds, double watchedTrafficSeconds, double watchedTotalSeconds) {}

    String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "pptp2wg load generator: %d sessions to %s, %d call(s) per connection over %d"
                        + " connection(s) from %s; %s; MPPE asked %s; %d event loop(s)%n", sessions, server,
                callsPerConnection, connections, sources.isEmpty() ? "the kernel's choice" : String.join(",", sources),
                auth, mppeAsked, loops));
        row(sb, "sessions up", String.format(Locale.ROOT, "%d of %d (%d failed)%s", setup.up(), sessions, setup.failed(),
                churn ? ", each closed once up (--churn)" : ""));
        row(sb, "set-up rate", setup.up() == 0 ? "-" : String.format(Locale.ROOT,
                "%.1f sessions/s (%d in %.2f s); first 99 %%: %.1f sessions/s (in %.2f s)", setup.perSecond(), setup.up(),
                setup.seconds(), setup.perSecond99(), setup.seconds99()));
        row(sb, "set-up latency", setup.up() == 0 ? "-" : String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                setup.latencyP50Ms(), setup.latencyP99Ms(), setup.latencyMaxMs()));
        row(sb, "MPPE negotiated", counts(setup.mppe()));
        row(sb, "failures", counts(setup.failures()));
        row(sb, "lost after up", counts(setup.lostAfterUp()));
        if (traffic != null) {
            row(sb, "traffic", String.format(Locale.ROOT, "%s, %d B, %.1f/s per session, %d sessions, %.1f s",
                    traffic.kind(), traffic.size(), traffic.ratePerSession(), traffic.sessions(), traffic.seconds()));
            boolean unanswered = traffic.received() == 0 && traffic.kind().equals("udp");
            row(sb, "packets", String.format(Locale.ROOT, "sent %d, received %d, %s%s", traffic.sent(), traffic.received(),
                    unanswered ? "no replies (no UDP echo service at the target?)"
                            : String.format(Locale.ROOT, "loss %.2f %%", traffic.lossPercent()),
                    traffic.sendsSkipped() > 0 ? ", " + traffic.sendsSkipped() + " sends skipped (behind schedule)" : ""));
            row(sb, "bytes (IP)", String.format(Locale.ROOT, "sent %d, received %d", traffic.bytesSent(), traffic.bytesReceived()));
            row(sb, "round trip", traffic.received() == 0 ? "-" : String.format(Locale.ROOT,
                    "p50 %.3f ms, p99 %.3f ms, max %.3f ms", traffic.rttP50Ms(), traffic.rttP99Ms(), traffic.rttMaxMs()));
        }
        for (TcpStream t : tcp) {
            row(sb, "tcp " + t.device(), t.error() != null ? "error: " + t.error() : String.format(Locale.ROOT,
                    "iperf3 %s %s:%d: sent %.1f Mbit/s, received %.1f Mbit/s, %d retransmits",
                    t.reverse() ? "-R" : "", t.target(), t.port(), t.sentMbps(), t.receivedMbps(), t.retransmits()));
        }
        row(sb, "PPP drops (ours)", counts(pppDrops));
        row(sb, "CPU (load generator)", String.format(Locale.ROOT, "set-up %.2f s, traffic %.2f s, total %.2f s",
                cpu.setupSeconds(), cpu.trafficSeconds(), cpu.totalSeconds()));
        if (cpu.watchedPid() > 0) {
            row(sb, "CPU (pid " + cpu.watchedPid() + ")", String.format(Locale.ROOT,
                    "set-up %.2f s, traffic %.2f s, total %.2f s", cpu.watchedSetupSeconds(),
                    cpu.watchedTrafficSeconds(), cpu.watchedTotalSeconds()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "  %-22s %s%n", name, value));
    }

    private static String counts(Map<String, Long> m) {
        if (m.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(e.getValue()).append(" x ").append(e.getKey());
        });
        return sb.toString();
    }
}
