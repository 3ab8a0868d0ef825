package io.pptp2wg.admin.metrics;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes metrics in the Prometheus text exposition format (version 0.0.4): every Dropwizard metric
 * (names sanitized; a name may carry its labels as {@code base{k="v"}}, as pptp2wg's own do) plus
 * families computed at scrape time (sessions up, users per state). Written here because no
 * Prometheus bridge for Dropwizard Metrics 4 resolves for this build; the format is small and stable.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99};

    /**
     * One sample: a suffix to the family's name (a summary's {@code _count}, else empty), its label set
     * as written ({@code {k="v"}} or empty) and its value.
     */
    public record Sample(String suffix, String labels, double value) {
        public Sample(String labels, double value) {
            this("", labels, value);
        }

        public static Sample of(double value) {
            return new Sample("", "", value);
        }
    }

    /** A metric family: one TYPE line, its samples. */
    public record Family(String name, String type, String help, List<Sample> samples) {}

    private PrometheusText() {}

    /** {@code {k="v",...}} with values escaped as the format requires. */
    public static String labels(String... keyValues) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(keyValues[i]).append("=\"").append(escape(keyValues[i + 1])).append('"');
        }
        return sb.append('}').toString();
    }

    /**
     * One sample per enum constant, labelled {@code name} = the constant's name in lower case (e.g.
     * {@code reason="wrong_identity"}), in declaration order.
     */
    public static <E extends Enum<E>> List<Sample> byLabel(String name, Map<E, Long> counts) {
        List<Sample> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(new Sample(labels(name, e.getKey().name().toLowerCase(Locale.ROOT)), e.getValue())));
        return out;
    }

    static String escape(String value) {
        return (value == null ? "" : value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    public static String write(MetricRegistry registry, List<Supplier<List<Family>>> computed) {
        return write(registry, computed, null, name -> false);
    }

    /**
     * As {@link #write(MetricRegistry, List)}, every sample labelled {@code node="NODE"} (a fleet node's own
     * metrics) except those of the families {@code fleetWide} names (the fleet's totals, written by one node only).
     */
    public static String write(MetricRegistry registry, List<Supplier<List<Family>>> computed, String node,
                               java.util.function.Predicate<String> fleetWide) {
        String nodeLabel = node == null ? null : "node=\"" + escape(node) + "\"";
        Map<String, Family> families = new LinkedHashMap<>();
        for (Supplier<List<Family>> source : computed) {
            for (Family f : source.get()) {
                families.put(f.name(), new Family(f.name(), f.type(), f.help(), new ArrayList<>(f.samples())));
            }
        }
        registry.getGauges().forEach((name, g) -> {
            Object v = g.getValue();
            if (v instanceof Number n) {
                add(families, name, "gauge", n.doubleValue());
            } else if (v instanceof Boolean b) {
                add(families, name, "gauge", b ? 1 : 0);
            }
        });
        registry.getCounters().forEach((name, c) ->
                add(families, name, base(name).endsWith("_total") ? "counter" : "gauge", c.getCount()));
        registry.getMeters().forEach((name, m) -> add(families, base(name) + "_total" + labelsOf(name), "counter", m.getCount()));
        registry.getHistograms().forEach((name, h) -> summary(families, name, h.getSnapshot(), h.getCount(), 1));
        registry.getTimers().forEach((name, t) ->
                summary(families, base(name) + "_seconds" + labelsOf(name), t.getSnapshot(), t.getCount(), 1e-9));

        StringBuilder out = new StringBuilder();
        for (Family f : families.values()) {
            if (!f.help().isEmpty()) {
                out.append("# HELP ").append(f.name()).append(' ')
                        .append(f.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            }
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            boolean label = nodeLabel != null && !fleetWide.test(f.name());
            for (Sample s : f.samples()) {
                String labels = !label ? s.labels() : s.labels().isEmpty() ? "{" + nodeLabel + "}"
                        : "{" + nodeLabel + "," + s.labels().substring(1);
                out.append(f.name()).append(s.suffix()).append(labels).append(' ').append(number(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    private static void summary(Map<String, Family> families, String name, Snapshot snap, long count, double scale) {
        String family = sanitize(base(name));
        String labels = labelsOf(name);
        Family f = family(families, family, "summary");
        for (double q : QUANTILES) {
            String withQuantile = labels.isEmpty() ? "{quantile=\"" + q + "\"}"
                    : labels.substring(0, labels.length() - 1) + ",quantile=\"" + q + "\"}";
            f.samples().add(new Sample(withQuantile, snap.getValue(q) * scale));
        }
        f.samples().add(new Sample("_count", labels, count));
    }

    private static void add(Map<String, Family> families, String name, String type, double value) {
        family(families, sanitize(base(name)), type).samples().add(new Sample(labelsOf(name), value));
    }

    private static Family family(Map<String, Family> families, String name, String type) {
        return families.computeIfAbsent(name, n -> new Family(n, type, "", new ArrayList<>()));
    }

    private static String base(String name) {
        int brace = name.indexOf('{');
        return brace < 0 ? name : name.substring(0, brace);
    }

    private static String labelsOf(String name) {
        int brace = name.indexOf('{');
        return brace < 0 ? "" : name.substring(brace);
    }

    static String sanitize(String name) {
        String s = name.replaceAll("[^a-zA-Z0-9_:]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
