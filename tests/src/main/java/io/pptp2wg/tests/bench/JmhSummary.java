package io.pptp2wg.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The RelayPathBenchmark results (JMH JSON, average time per operation) as the ratios issue 7 asks for: each
 * direction's whole path over its crypto bound (MPPE with the per-packet key change + ChaCha20-Poly1305 seal or
 * open), allocation per packet, and the crypto bound in CPU-seconds per GB relayed (the bench table's reference).
 */
final class JmhSummary {
    private JmhSummary() {}

    /** IP octets per packet in the benchmark. */
    static final double PACKET = 1400;

    static String summarise(Path jmhJson, Path summaryJson) throws IOException {
        JsonNode rows = new ObjectMapper().readTree(jmhJson.toFile());
        Map<String, double[]> r = new LinkedHashMap<>(); // name -> {ns/op, error, B/op}
        for (JsonNode row : rows) {
            String name = row.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.') + 1);
            JsonNode pm = row.get("primaryMetric");
            // SingleShotTime with a batch: the score is the time of one batch (ms), allocation per batch
            double batch = row.path("measurementBatchSize").asDouble(1);
            double toNs = unitToNs(pm.get("scoreUnit").asText()) / batch;
            double alloc = row.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN) / batch;
            r.put(name, new double[] {pm.get("score").asDouble() * toNs, pm.get("scoreError").asDouble() * toNs, alloc});
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-26s %12s %10s %10s%n", "JMH (1400-byte packets)", "ns/packet", "+-", "B/packet"));
        r.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-26s %12.0f %10.0f %10.0f%n", k, v[0], v[1], v[2])));
        sb.append("(B/packet of toBackend/toClient include the batch's inputs made before it: see pathBaseline)\n");
        double mppe = ns(r, "mppe");
        double seal = ns(r, "chachaSeal");
        double open = ns(r, "chachaOpen");
        double toBackend = ns(r, "toBackend");
        double toClient = ns(r, "toClient");
        double setupAlloc = r.containsKey("pathBaseline") ? alloc(r, "pathBaseline") : 0; // the batch's inputs, made untimed
        double boundBackend = mppe + seal;
        double boundClient = open + mppe;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("toBackendNs", toBackend);
        s.put("toBackendCryptoNs", boundBackend);
        s.put("toBackendRatio", toBackend / boundBackend);
        s.put("toBackendBytesPerPacket", (alloc(r, "toBackend") - setupAlloc));
        s.put("toClientNs", toClient);
        s.put("toClientCryptoNs", boundClient);
        s.put("toClientRatio", toClient / boundClient);
        s.put("toClientBytesPerPacket", (alloc(r, "toClient") - setupAlloc));
        // CPU-seconds per GB relayed, both directions equally: ns per packet / octets per packet
        s.put("cryptoCpuSecondsPerGB", (boundBackend + boundClient) / 2 / PACKET);
        s.put("pathCpuSecondsPerGB", (toBackend + toClient) / 2 / PACKET);
        s.put("chachaSealBouncyCastleNs", ns(r, "chachaSealBouncyCastle"));
        sb.append(String.format(Locale.ROOT, "%nto backend (GRE + MPPE decrypt + PPP + relay + WireGuard seal): %.0f ns, crypto bound %.0f ns"
                        + " (MPPE %.0f + seal %.0f): %.2fx; %.0f B allocated per packet%n", toBackend, boundBackend, mppe, seal,
                toBackend / boundBackend, (alloc(r, "toBackend") - setupAlloc)));
        sb.append(String.format(Locale.ROOT, "to client (WireGuard open + relay + PPP + MPPE encrypt + GRE): %.0f ns,"
                        + " crypto bound %.0f ns (open %.0f + MPPE %.0f): %.2fx; %.0f B allocated per packet%n", toClient, boundClient,
                open, mppe, toClient / boundClient, (alloc(r, "toClient") - setupAlloc)));
        sb.append(String.format(Locale.ROOT, "per GB relayed: path %.2f CPU-s, crypto bound %.2f CPU-s (one core, no syscalls)%n",
                (toBackend + toClient) / 2 / PACKET, (boundBackend + boundClient) / 2 / PACKET));
        Files.writeString(summaryJson, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n");
        return sb.toString();
    }

    private static double unitToNs(String unit) {
        return switch (unit.replace("/op", "")) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    private static double ns(Map<String, double[]> r, String k) {
        double[] v = r.get(k);
        return v == null ? Double.NaN : v[0];
    }

    private static double alloc(Map<String, double[]> r, String k) {
        double[] v = r.get(k);
        return v == null ? Double.NaN : v[2];
    }
}
