package io.pptp2wg.admin.selfservice;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.SessionHandle;
import io.pptp2wg.session.SessionRegistry;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the session a self-service request comes through: by the TCP connection's source address, which is a
 * session's own tunnel address because the relay lets no session send from another one (and the host's answers to
 * that address only go down that session). Nothing the browser sends chooses the user: the Host header is only
 * checked to be the page's own address, so that a page loaded under another name (DNS rebinding) is refused.
 */
public final class CallerIdentification {
    private final SessionRegistry sessions;
    private final int pageAddress;
    private final int port;
    private final Set<String> offeredTo;

    /** @param offeredTo the users the page is for; empty = every user */
    public CallerIdentification(SessionRegistry sessions, int pageAddress, int port, Set<String> offeredTo) {
        this.sessions = sessions;
        this.pageAddress = pageAddress;
        this.port = port;
        this.offeredTo = Set.copyOf(offeredTo);
    }

    /**
     * @param remoteAddress the connection's source (the servlet container's remote address: the TCP peer, no proxy header)
     * @param localAddress  the connection's destination
     * @param host          the request's Host header (null if none)
     */
    public Caller identify(String remoteAddress, String localAddress, String host) {
        Optional<Integer> local = ipv4(localAddress);
        if (local.isEmpty() || local.get() != pageAddress) {
            return new Caller.Nobody("not on the page's address");
        }
        if (!hostIsPage(host)) {
            return new Caller.Nobody("Host is not the page's address");
        }
        Optional<Integer> remote = ipv4(remoteAddress);
        if (remote.isEmpty()) {
            return new Caller.Nobody("source is not IPv4");
        }
        Optional<SessionHandle> s = sessions.byTunnelAddress(remote.get());
        if (s.isEmpty()) {
            return new Caller.Nobody("no live session has the source address");
        }
        var info = s.get().info();
        if (info.tunnelAddress() != remote.get()) {
            return new Caller.Nobody("the session's address changed");
        }
        return offeredTo.isEmpty() || offeredTo.contains(info.user()) ? new Caller.Session(info) : new Caller.NotOffered(info);
    }

    /** The session, if it is still live with the same id and address (between the page and the confirmation). */
    public boolean stillLive(long sessionId, int address) {
        return sessions.session(sessionId).map(h -> h.info().tunnelAddress() == address).orElse(false);
    }

    private boolean hostIsPage(String host) {
        if (host == null) {
            return true; // HTTP/1.0 without Host: the connection's address already is the page's
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        String page = Ipv4.format(pageAddress);
        return h.equals(page) || h.equals(page + ":" + port);
    }

    private static Optional<Integer> ipv4(String text) {
        if (text == null) {
            return Optional.empty();
        }
        java.util.OptionalLong a = Ipv4.parse(text);
        return a.isPresent() ? Optional.of((int) a.getAsLong()) : Optional.empty();
    }
}
