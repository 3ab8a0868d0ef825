package io.pptp2wg.admin.selfservice;

import io.pptp2wg.admin.core.MigrationRules;
import io.pptp2wg.admin.core.QrCodes;
import io.pptp2wg.admin.core.UserBook;
import io.pptp2wg.admin.core.UserCutovers;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionInfo;
import io.pptp2wg.session.SessionListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The self-service page: {@code GET /} (the user's page), {@code POST /confirm} (the one click: the cut-over,
 * audited), then {@code GET /wireguard.conf} and {@code GET /wireguard.png} for the session that confirmed. The user
 * is the session the connection comes through ({@link CallerIdentification}); anything else gets a bare 403.
 */
public final class SelfServiceServlet extends HttpServlet implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SelfServiceServlet.class);
    /** No script at all; the form posts only here; images only from here (the QR code). */
    public static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private final transient CallerIdentification identification;
    private final transient UserCutovers cutovers;
    private final transient UserBook users;
    private final transient MigrationRules rules;
    private final transient Clock clock;
    private final transient SelfServicePages pages;
    private final transient ConfirmTokens tokens;
    private final boolean qr;
    /** The sessions (by id) that confirmed: only they may download, and only while they last. */
    private final Set<Long> confirmed = ConcurrentHashMap.newKeySet();

    public SelfServiceServlet(CallerIdentification identification, UserCutovers cutovers, UserBook users,
                              MigrationRules rules, Clock clock, boolean qr, int noticeDays, SecureRandom random) {
        this.identification = identification;
        this.cutovers = cutovers;
        this.users = users;
        this.rules = rules;
        this.clock = clock;
        this.qr = qr;
        this.pages = new SelfServicePages(qr, noticeDays);
        this.tokens = new ConfirmTokens(random);
    }

    @Override
    public void onEvent(SessionEvent event) {
        if (event instanceof SessionEvent.Down down) {
            confirmed.remove(down.session().id());
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        headers(res);
        String path = req.getRequestURI();
        if ("/favicon.ico".equals(path)) { // browsers ask for it unprompted: none, rather than a 404 in their console
            send(res, 204, "image/x-icon", new byte[0]);
            return;
        }
        if ("/self.css".equals(path)) { // the style sheet is no secret: served to any caller the page serves
            if (identification.identify(req.getRemoteAddr(), req.getLocalAddr(), req.getHeader("Host")) instanceof Caller.Nobody) {
                refuse(res);
                return;
            }
            send(res, 200, "text/css; charset=utf-8", pages.css().getBytes(StandardCharsets.UTF_8));
            return;
        }
        SessionInfo s = session(req, res);
        if (s == null) {
            return;
        }
        switch (path) {
            case "/" -> {
                var row = users.row(s.user());
                String page = pages.start(s.user(), rules.sunsetOf(row.sunsetDate()), LocalDate.now(clock.withZone(rules.zone())),
                        tokens.tokenFor(s.id(), s.tunnelAddress(), s.user()));
                html(res, 200, page);
            }
            case "/wireguard.conf" -> {
                if (!confirmed.contains(s.id())) {
                    html(res, 409, "<!doctype html><title>Not yet</title><p>Confirm on <a href=\"/\">the page</a> first.</p>");
                    return;
                }
                String text = cutovers.text(s.user());
                cutovers.downloaded(s.user(), actor(s), "wireguard.conf (self-service)");
                secret(res, SelfServicePages.fileName(s.user()));
                send(res, 200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
            }
            case "/wireguard.png" -> {
                if (!qr || !confirmed.contains(s.id())) {
                    send(res, qr ? 409 : 404, "text/plain; charset=utf-8", new byte[0]);
                    return;
                }
                byte[] png = QrCodes.png(cutovers.text(s.user()));
                cutovers.downloaded(s.user(), actor(s), "wireguard.png (self-service)");
                secret(res, null);
                send(res, 200, "image/png", png);
            }
            default -> send(res, 404, "text/plain; charset=utf-8", new byte[0]);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        headers(res);
        SessionInfo s = session(req, res);
        if (s == null) {
            return;
        }
        if (!"/confirm".equals(req.getRequestURI())) {
            send(res, 404, "text/plain; charset=utf-8", new byte[0]);
            return;
        }
        String site = req.getHeader("Sec-Fetch-Site");
        String origin = req.getHeader("Origin");
        String page = "http://" + req.getHeader("Host");
        if ((site != null && !site.equals("same-origin") && !site.equals("none")) || (origin != null && !origin.equals(page))
                || !tokens.valid(req.getParameter("token"), s.id(), s.tunnelAddress(), s.user())) {
            LOG.warn("self-service: a confirmation for session {} ({}) without this page's token or from another site: refused (Sec-Fetch-Site {}, Origin {})",
                    s.id(), Ipv4.format(s.tunnelAddress()), site, origin);
            html(res, 403, "<!doctype html><title>Refused</title><p>Open <a href=\"/\">the page</a> again and confirm there.</p>");
            return;
        }
        try {
            cutovers.issue(s.user(), actor(s), " through the self-service page");
        } catch (UserCutovers.NoAddress e) {
            html(res, 409, "<!doctype html><title>Not possible</title><p>No address is left for you: ask your administrator.</p>");
            return;
        }
        confirmed.add(s.id());
        secret(res, null);
        html(res, 200, pages.done(s.user()));
    }

    /** The caller's session; or the answer (403, empty) already sent and null. */
    private SessionInfo session(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Caller c = identification.identify(req.getRemoteAddr(), req.getLocalAddr(), req.getHeader("Host"));
        return switch (c) {
            case Caller.Session(SessionInfo s) -> s;
            case Caller.NotOffered(SessionInfo s) -> {
                html(res, 403, "<!doctype html><title>Not offered</title><p>This page is not offered for your account,"
                        + " " + SelfServicePages.html(s.user()) + ": ask your administrator for your WireGuard configuration.</p>");
                yield null;
            }
            case Caller.Nobody n -> {
                LOG.debug("self-service: refused {} ({})", req.getRemoteAddr(), n.why());
                refuse(res);
                yield null;
            }
        };
    }

    private static String actor(SessionInfo s) {
        return "self-service:" + s.user() + "@" + Ipv4.format(s.tunnelAddress()) + "/session-" + s.id();
    }

    private static void refuse(HttpServletResponse res) throws IOException {
        res.setHeader("Connection", "close");
        send(res, 403, "text/plain; charset=utf-8", new byte[0]);
    }

    private static void headers(HttpServletResponse res) {
        res.setHeader("Content-Security-Policy", CSP);
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("X-Content-Type-Options", "nosniff");
        // not no-referrer: with it Chromium sends "Origin: null" on the page's own form POST, which the check refuses
        res.setHeader("Referrer-Policy", "same-origin");
        res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        res.setHeader("Cache-Control", "no-store");
    }

    /** An answer that carries (or leads to) a private key: never cached, a file when named. */
    private static void secret(HttpServletResponse res, String file) {
        res.setHeader("Cache-Control", "no-store, no-cache, private");
        res.setHeader("Pragma", "no-cache");
        if (file != null) {
            res.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        }
    }

    private static void html(HttpServletResponse res, int status, String body) throws IOException {
        send(res, status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpServletResponse res, int status, String type, byte[] body) throws IOException {
        res.setStatus(status);
        res.setContentType(type);
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
