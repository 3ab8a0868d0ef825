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
        JsonNode max = read(p.getProperty("maxRun", "none") + ".json");
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
                    f("wireguard-go holding them: RSS %.0f MiB", num("identities.wireguardGoRssKiB") / 1024), "");
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

        // throughput and CPU per GB
        if (max != null) {
            double bytes = at(max, "traffic.bytesSent") + at(max, "traffic.bytesReceived");
            double secs = at(max, "traffic.seconds");
            double gw = at(max, "cpu.watched.0.trafficSeconds");
            double wg = at(max, "cpu.watched.1.trafficSeconds");
            double pps = at(max, "traffic.sent") / secs;
            String ref = "";
            double refPerEndpoint = Double.NaN;
            JsonNode fwd = read("ref-forward.json");
            JsonNode rev = read("ref-reverse.json");
            if (fwd != null && rev != null) {
                double fb = at(fwd, "end.sum_received.bytes") * IP_PER_TCP_PAYLOAD;
                double rb = at(rev, "end.sum_received.bytes") * IP_PER_TCP_PAYLOAD;
                double cpu = num("ref.forward.cpuSeconds") + num("ref.reverse.cpuSeconds");
                refPerEndpoint = cpu / 2 / ((fb + rb) / GB);
                ref = f("iperf3 TCP %.0f / %.0f Mbit/s (forward / reverse)",
                        at(fwd, "end.sum_received.bits_per_second") / 1e6, at(rev, "end.sum_received.bits_per_second") / 1e6);
            }
            row("throughput (max with <= 1 % loss)", f("%.0f Mbit/s relayed each way (%.0f x %.0f-byte packets/s each way;"
                                    + " %d sessions x %s echoes/s, loss %.2f %%, RTT p50 %.2f ms p99 %.2f ms)",
                            bytes / 2 * 8 / secs / 1e6, pps, at(max, "traffic.size"), sessions, p.getProperty("maxRatePerSession"),
                            at(max, "traffic.lossPercent"), at(max, "traffic.rttP50Ms"), at(max, "traffic.rttP99Ms")),
                    ref, "");
            String bound = "";
            if (jmh != null) {
                double crypto = at(jmh, "cryptoCpuSecondsPerGB");
                bound = f("; %.2fx the JMH crypto-only bound (%.2f CPU-s/GB)", gw / (bytes / GB) / crypto, crypto);
            }
            row("CPU-seconds per GB relayed (MPPE-128 stateless <-> WireGuard, 1400-byte packets)",
                    f("gateway %.2f (%.2f CPU-s for %.2f GB)%s; the backend wireguard-go in the same run %.2f",
                            gw / (bytes / GB), gw, bytes / GB, bound, wg / (bytes / GB)),
                    Double.isNaN(refPerEndpoint) ? "" : f("%.2f per endpoint (%.2f both ends)", refPerEndpoint, 2 * refPerEndpoint),
                    "<= one wireguard-go endpoint; <= 1.4x crypto bound");
        }
        if (half != null && latency != null) {
            double bytes = at(half, "traffic.bytesSent") + at(half, "traffic.bytesReceived");
            double secs = at(half, "traffic.seconds");
            row("added latency per packet at half the maximum (kernel timestamps on the gateway's two interfaces)",
                    f("to backend p50 %.0f us, p99 %.0f us; to client p50 %.0f us, p99 %.0f us (%.0f + %.0f probes; traffic"
                                    + " %.0f Mbit/s each way, loss %.2f %%; gateway %.2f CPU-s/GB)",
                            at(latency, "toBackend.p50Micros"), at(latency, "toBackend.p99Micros"),
                            at(latency, "toClient.p50Micros"), at(latency, "toClient.p99Micros"),
                            at(latency, "toBackend.matched"), at(latency, "toClient.matched"), bytes / 2 * 8 / secs / 1e6,
                            at(half, "traffic.lossPercent"), at(half, "cpu.watched.0.trafficSeconds") / (bytes / GB)),
                    "", "p99 <= 100 us");
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
                sb.append(f("%-" + w0 + "s |   wireguard-go <-> wireguard-go, same run: %s%n", "", r[2]));
            }
            if (!r[3].isEmpty()) {
                sb.append(f("%-" + w0 + "s |   target: %s%n", "", r[3]));
            }
        }
        return sb.toString();
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
