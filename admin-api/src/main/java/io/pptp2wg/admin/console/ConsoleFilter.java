package io.pptp2wg.admin.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The application port's front for the migration console: {@code /} sends the browser to the console
 * ({@code /console/}), and every answer (console files and /api alike) carries a strict
 * Content-Security-Policy (scripts and styles only from this origin, no inline script or style, no
 * framing) and the headers that keep it from being sniffed, framed or referred.
 */
public final class ConsoleFilter implements Filter {
    public static final String CONSOLE = "/console/";
    /**
     * {@code img-src blob:}: the QR code is fetched with the bearer token and shown from a blob URL (an
     * {@code <img src>} cannot send the header). Chart.js draws on a canvas and sets sizes through the
     * CSSOM, which {@code style-src 'self'} allows.
     */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        String path = request.getRequestURI();
        if ("/".equals(path) || "/console".equals(path)) {
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader("Location", CONSOLE);
            return;
        }
        chain.doFilter(req, res);
    }
}
