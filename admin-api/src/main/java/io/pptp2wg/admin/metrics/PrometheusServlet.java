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

    public PrometheusServlet(MetricRegistry registry, List<Supplier<List<PrometheusText.Family>>> computed) {
        this.registry = registry;
        this.computed = List.copyOf(computed);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String body = PrometheusText.write(registry, computed);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body);
    }
}
