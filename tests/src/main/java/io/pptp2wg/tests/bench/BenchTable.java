package io.pptp2wg.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The one table of a tools/bench.sh run, from what the run left in its directory: results.properties (what the
 * script measured itself), the load generator's JSON per run, the latency captures' analysis, iperf3's JSON of
 * the wireguard-go reference, the identities run and, when present, the JMH per-packet results (jmh.json).
 */
final class BenchTable {
    /** iperf3 counts TCP payload; a 1420-byte tunnel MTU carries 1368 payload octets (TCP timestamps) per packet. */
    private static final double IP_PER_TCP_PAYLOAD = 1420.0 / 1368.0;
    private static final double GB = 1e9;

    private final Path dir;
    private final Properties p = new Properties();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String[]> rows = new ArrayList<>();

    private BenchTable(Path dir) throws IOException {
        this.dir = dir;
        try (Reader r = Files.newBufferedReader(dir.resolve("results.properties"))) {
            p.load(r);
        }
    }

    static BenchTable of(Path dir) throws IOException {
        return new BenchTable(dir);
    }

    private JsonNode read(String file) {
        Path f = dir.resolve(file);
        try {
            return Files.isRegularFile(f) ? json.readTree(f.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private double num(String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v.strip());
    }

    private static double at(JsonNode n, String path) {
        for (String part : path.split("\\.")) {
            if (n == null) {
                return Double.NaN;
            }
            n = part.matches("\\d+") ? n.get(Integer.parseInt(part)) : n.get(part);
        }
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private void row(String what, String gateway, String reference, String target) {
        rows.add(new String[] {what, gateway, reference, target});
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(f("pptp2wg bench: %s%nmachine: %s%n", p.getProperty("date", "?"), p.getProperty("machine", "?")));
        JsonNode setup = read("setup.json");
        JsonNode half = read("half.json");
        JsonNode latency = read("latency.json");
        JsonNode ids = read("identities.json");
        JsonNode jmh = read("jmh-summary.json");
        int sessions = (int) num("sessions");

        // sessions and memory
        double heldIds = num("identitiesHeld");
        double heapPerSession = (num("heapHeldKiB") - num("heapIdleKiB")) * 1024 / heldIds;
        double rssPerSession = (num("rssHeldKiB") - num("rssIdleKiB")) * 1024 / heldIds;
        row("sessions up at once", f("%.0f (every documentation address: %s users)", heldIds, p.getProperty("users")),
                "", "10,000 (addresses allow " + p.getProperty("users") + ")");
        row("heap / RSS per session", f("%.1f KiB / %.1f KiB (heap after full GC; idle %.0f MiB, with sessions %.0f MiB)",
                heapPerSession / 1024, rssPerSession / 1024, num("heapIdleKiB") / 1024, num("heapHeldKiB") / 1024), "", "");
        if (ids != null) {
            double perId = at(ids, "heapPerIdentityHandshakenBytes");
            row(f("%d WireGuard identities", (long) at(ids, "identities")), f(
                            "%.0f of them handshaken in %.1f s (%.0f/s, paced at %.0f/s); %.2f KiB heap each (%.2f KiB before"
                                    + " the handshake)", at(ids, "handshakesCompleted"), at(ids, "handshakeSeconds"),
                            at(ids, "handshakesPerSecond"), at(ids, "pacedAtPerSecond"), perId / 1024,
                            at(ids, "heapPerIdentityAddedBytes") / 1024),
                    f("the wireguard-go holding them as peers: RSS %.0f MiB", num("identities.wireguardGoRssKiB") / 1024), "");
            double estimate = num("heapIdleKiB") * 1024 + 10_000 * heapPerSession;
            row("10,000 sessions' heap (ESTIMATE)", f("%.0f MiB = idle %.0f MiB + 10,000 x %.1f KiB per session (identity"
                            + " included; an identity alone measured %.2f KiB at %d)", estimate / (1 << 20),
                    num("heapIdleKiB") / 1024, heapPerSession / 1024, perId / 1024, (long) at(ids, "identities")), "",
                    "<= 1024 MiB");
        }

        // set-up
        if (setup != null) {
            double up = at(setup, "setup.up");
            double gwCpu = at(setup, "cpu.watched.0.setupSeconds");
            double wgCpu = at(setup, "cpu.watched.1.setupSeconds");
            row("session set-ups (churned; each up once its first echo came back through the backend: WireGuard"
                            + " handshake included)",
                    f("%.0f/s (%.0f of %.0f in %.2f s, 99 %%: %.0f/s; latency p50 %.0f ms); gateway CPU %.2f ms per"
                                    + " set-up + teardown (%.0f/s per core); load generator %.2f ms", at(setup, "setup.perSecond"), up,
                            up + at(setup, "setup.failed"), at(setup, "setup.seconds"), at(setup, "setup.perSecond99"),
                            at(setup, "setup.latencyP50Ms"), 1e3 * gwCpu / up, up / gwCpu,
                            1e3 * at(setup, "cpu.setupSeconds") / up),
                    f("backend wireguard-go: %.2f ms CPU per set-up", 1e3 * wgCpu / up), ">= 1,000/s");
        }

        // throughput and CPU per GB: TCP through the chain each way, beside wireguard-go <-> wireguard-go
        JsonNode fwd = read("tcp-forward.json");
        JsonNode rev = read("tcp-reverse.json");
        JsonNode refFwd = read("ref-forward.json");
        JsonNode refRev = read("ref-reverse.json");
        double refPerEndpoint = Double.NaN;
        String refThroughput = "";
        if (refFwd != null && refRev != null) {
            double fb = at(refFwd, "end.sum_received.bytes") * IP_PER_TCP_PAYLOAD;
            double rb = at(refRev, "end.sum_received.bytes") * IP_PER_TCP_PAYLOAD;
            double cpu = num("ref.forward.cpuSeconds") + num("ref.reverse.cpuSeconds");
            refPerEndpoint = cpu / 2 / ((fb + rb) / GB);
            refThroughput = f("wireguard-go <-> wireguard-go, iperf3 TCP, one stream: %.0f / %.0f Mbit/s (forward / reverse)",
                    at(refFwd, "end.sum_received.bits_per_second") / 1e6, at(refRev, "end.sum_received.bits_per_second") / 1e6);
        }
        if (fwd != null && rev != null) {
            double[] gwPerGb = new double[2];
            double[] wgPerGb = new double[2];
            String[] mbps = new String[2];
            JsonNode[] runs = {fwd, rev};
            String[] names = {"tcp-forward", "tcp-reverse"};
            String[] dropped = new String[2];
            for (int i = 0; i < 2; i++) {
                double relayed = num(names[i] + ".relayedBytes");
                // The relay counts a packet to a client before GRE sends it; one the client's full window then drops
                // was not delivered, so the gateway's CPU is per GB delivered (the same mix of sizes assumed).
                double packets = num(names[i] + ".relayedPackets");
                double windowDropped = num(names[i] + ".windowDropped");
                double delivered = packets > 0 && windowDropped > 0 ? relayed * (1 - windowDropped / packets) : relayed;
                dropped[i] = packets > 0 && !Double.isNaN(windowDropped)
                        ? f("%.1f %%", 100 * Math.max(0, windowDropped) / packets) : "?";
                gwPerGb[i] = at(runs[i], "cpu.watched.0.trafficSeconds") / (delivered / GB);
                wgPerGb[i] = at(runs[i], "cpu.watched.1.trafficSeconds") / (relayed / GB);
                double sum = 0;
                long retransmits = 0;
                for (JsonNode t : runs[i].path("tcp")) {
                    sum += t.path("receivedMbps").asDouble();
                    retransmits += t.path("retransmits").asLong();
                }
                mbps[i] = f("%.0f Mbit/s (%d retransmits)", sum, retransmits);
            }
            row(f("throughput, TCP through the gateway (iperf3 over %d sessions, 1400-byte packets)",
                    runs[0].path("tcp").size()), f("client->backend %s; backend->client %s", mbps[0], mbps[1]),
                    refThroughput, "");
            String bound = "";
            if (jmh != null) {
                double crypto = at(jmh, "cryptoCpuSecondsPerGB");
                bound = f("; JMH crypto-only bound %.2f (gateway %.1fx it, the JMH path alone %.2fx)", crypto,
                        (gwPerGb[0] + gwPerGb[1]) / 2 / crypto, at(jmh, "pathCpuSecondsPerGB") / crypto);
            }
            row("CPU-seconds per GB relayed (MPPE-128 stateless <-> WireGuard)", f("gateway %.1f / %.1f (forward / reverse,"
                                    + " per GB delivered: %s / %s of the packets relayed were then dropped at the client's full"
                                    + " GRE window); the backend wireguard-go on the same packets %.1f / %.1f%s", gwPerGb[0],
                            gwPerGb[1], dropped[0], dropped[1], wgPerGb[0], wgPerGb[1], bound),
                    Double.isNaN(refPerEndpoint) ? "" : f("wireguard-go <-> wireguard-go: %.1f per endpoint (%.1f both ends"
                            + " together)", refPerEndpoint,
                            2 * refPerEndpoint), "<= one wireguard-go endpoint's; <= 1.4x the crypto-only bound");
        }
        JsonNode idle = read("latency-idle.json");
        if (idle != null) {
            row("added latency per packet, the probe alone (kernel timestamps on the gateway's two interfaces)",
                    f("to backend p50 %.0f us, p99 %.0f us; to client p50 %.0f us, p99 %.0f us (%.0f + %.0f probes)",
                            at(idle, "toBackend.p50Micros"), at(idle, "toBackend.p99Micros"), at(idle, "toClient.p50Micros"),
                            at(idle, "toClient.p99Micros"), at(idle, "toBackend.matched"), at(idle, "toClient.matched")),
                    wireGuardGoLatency("latency-idle-wireguard-go.json"), "");
        }
        if (half != null && latency != null) {
            double sum = 0;
            for (JsonNode t : half.path("tcp")) {
                sum += t.path("receivedMbps").asDouble();
            }
            row("added latency per packet at half the maximum (TCP at half the forward maximum, iperf3 -b)",
                    f("to backend p50 %.0f us, p99 %.0f us; to client p50 %.0f us, p99 %.0f us (%.0f + %.0f probes, TCP"
                                    + " %.0f Mbit/s)", at(latency, "toBackend.p50Micros"), at(latency, "toBackend.p99Micros"),
                            at(latency, "toClient.p50Micros"), at(latency, "toClient.p99Micros"),
                            at(latency, "toBackend.matched"), at(latency, "toClient.matched"), sum),
                    wireGuardGoLatency("latency-wireguard-go.json"), "p99 <= 100 us");
        }
        JsonNode many = read("many.json");
        if (many != null) {
            double bytes = at(many, "traffic.bytesSent") + at(many, "traffic.bytesReceived");
            row(f("every session at once (%.0f x 1400-byte echoes at %.0f/s)", at(many, "traffic.sessions"),
                            at(many, "traffic.ratePerSession")),
                    f("%.0f Mbit/s each way, loss %.2f %%, round trip p50 %.2f ms p99 %.2f ms; gateway %.1f CPU-s/GB, the"
                                    + " backend wireguard-go %.1f", bytes / 2 * 8 / at(many, "traffic.seconds") / 1e6,
                            at(many, "traffic.lossPercent"), at(many, "traffic.rttP50Ms"), at(many, "traffic.rttP99Ms"),
                            at(many, "cpu.watched.0.trafficSeconds") / (bytes / GB),
                            at(many, "cpu.watched.1.trafficSeconds") / (bytes / GB)), "", "");
        }
        if (p.getProperty("holdMinutes") != null) {
            JsonNode hold = read("hold.json");
            row(f("held %s minutes with traffic", p.getProperty("holdMinutes")), hold == null ? "?" : f(
                    "%.0f sessions, %.0f lost after up, echoes lost %.3f %%", at(hold, "setup.up"),
                    lostAfterUp(hold), at(hold, "traffic.lossPercent")), "", "");
        }
        row("errors in the gateway's log", p.getProperty("gatewayLogErrors", "?"), "", "");

        int w0 = 0;
        for (String[] r : rows) {
            w0 = Math.max(w0, Math.min(44, r[0].length()));
        }
        for (String[] r : rows) {
            List<String> left = wrap(r[0], w0);
            sb.append(f("%-" + w0 + "s | %s%n", left.get(0), r[1]));
            for (int i = 1; i < left.size(); i++) {
                sb.append(f("%-" + w0 + "s |%n", left.get(i)));
            }
            if (!r[2].isEmpty()) {
                sb.append(f("%-" + w0 + "s |   beside it: %s%n", "", r[2]));
            }
            if (!r[3].isEmpty()) {
                sb.append(f("%-" + w0 + "s |   target: %s%n", "", r[3]));
            }
        }
        return sb.toString();
    }

    /** The backend wireguard-go's own time on the same probes (its veth to its TUN device and back). */
    private String wireGuardGoLatency(String file) {
        JsonNode w = read(file);
        if (w == null) {
            return "";
        }
        return f("the backend wireguard-go on the same probes: decrypt p50 %.0f us, p99 %.0f us; encrypt p50 %.0f us,"
                        + " p99 %.0f us", at(w, "toBackend.p50Micros"), at(w, "toBackend.p99Micros"),
                at(w, "toClient.p50Micros"), at(w, "toClient.p99Micros"));
    }

    private static double lostAfterUp(JsonNode run) {
        JsonNode m = run.path("setup").path("lostAfterUp");
        double n = 0;
        for (JsonNode v : m) {
            n += v.asDouble();
        }
        return n;
    }

    private static List<String> wrap(String s, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }
}
