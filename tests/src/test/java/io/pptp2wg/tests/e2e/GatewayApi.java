package io.pptp2wg.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pptp2wg.tests.lab.GatewayProcess;
import io.pptp2wg.tests.lab.HttpResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The admin API of a {@link GatewayProcess} as the end-to-end tests read it: JSON trees and Prometheus samples. */
final class GatewayApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$");

    private final GatewayProcess gw;

    GatewayApi(GatewayProcess gw) {
        this.gw = gw;
    }

    /** A request that must answer {@code expectedStatus}; its body. */
    String call(String method, String path, String body, int expectedStatus, String... headers) {
        HttpResponse r = gw.http(method, path, body, headers);
        if (r.status() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + r.status() + " (expected " + expectedStatus + "): "
                    + r.body());
        }
        return r.body();
    }

    JsonNode get(String path) {
        return json(call("GET", path, null, 200));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** {@code GET /api/sessions}, by user. */
    Map<String, JsonNode> sessionsByUser() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode s : get("/api/sessions")) {
            out.put(s.get("user").asText(), s);
        }
        return out;
    }

    /** The user's row of {@code GET /api/reports/migration}. */
    JsonNode reportRow(String user) {
        for (JsonNode u : get("/api/reports/migration").get("users")) {
            if (u.get("name").asText().equals(user)) {
                return u;
            }
        }
        throw new AssertionError("no row for " + user + " in the migration report");
    }

    /** Every sample of {@code GET /prometheus} (admin port), by {@code name{labels}}. */
    Map<String, Double> prometheus() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : call("GET", "/prometheus", null, 200).lines().toList()) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (!line.startsWith("#") && m.matches()) {
                out.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    /** One sample of {@link #prometheus()}, 0 when absent. */
    static double sample(Map<String, Double> metrics, String nameWithLabels) {
        return metrics.getOrDefault(nameWithLabels, 0.0);
    }

    /** The sum of every sample of one family (any labels) of {@link #prometheus()}. */
    static double sumOf(Map<String, Double> metrics, String family) {
        return metrics.entrySet().stream().filter(e -> e.getKey().equals(family) || e.getKey().startsWith(family + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
