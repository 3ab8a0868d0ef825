package io.pptp2wg.admin.metrics;

import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /prometheus} on the admin port: every metric in the Prometheus text format. */
public final class PrometheusServlet extends HttpServlet {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient MetricRegistry registry;
    private final transient List<Supplier<List<PrometheusText.Family>>> computed;
    /** A fleet node's name (every sample of its own labelled with it), or null for a single gateway. */
    private final String node;
    private final transient java.util.function.Predicate<String> fleetWide;

    public PrometheusServlet(MetricRegistry registry, List<Supplier<List<PrometheusText.Family>>> computed) {
        this(registry, computed, null, name -> false);
    }

    public PrometheusServlet(MetricRegistry registry, List<Supplier<List<PrometheusText.Family>>> computed, String node,
                             java.util.function.Predicate<String> fleetWide) {
        this.registry = registry;
        this.computed = List.copyOf(computed);
        this.node = node;
        this.fleetWide = fleetWide;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String body = PrometheusText.write(registry, computed, node, fleetWide);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body);
    }
}
