package io.pptp2wg.gateway;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionListener;
import io.pptp2wg.session.guard.Lockout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the gateway says about its sessions: one line each on the {@code io.pptp2wg.session} logger (the trail an
 * administrator greps: "session up", "session down", "session refused", ...) and the {@link SessionEvent} to every
 * listener (the admin API's journal). Never a password, hash or key. Called from any of the gateway's loops.
 */
final class SessionReports {
    private static final Logger LOG = LoggerFactory.getLogger(PptpGateway.class);
    private static final Logger EVENTS = LoggerFactory.getLogger("io.pptp2wg.session");

    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock wallClock;

    SessionReports(Clock wallClock) {
        this.wallClock = wallClock;
    }

    void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** A call refused before any login (pptpd's {@code connections} limit). */
    void callRefused(ClientFingerprint client, String reason) {
        EVENTS.info("session refused user=- client={} host=\"{}\" reason=\"{}\"", addr(client), client.hostName(), reason);
        publish(new SessionEvent.Refused(Optional.empty(), client, reason, wallClock.instant()));
    }

    void replaced(CallSession older, CallSession by) {
        EVENTS.info("session replaced id={} user={} by id={} (a reconnect of the same device)", older.id,
                older.info().user(), by.id);
    }

    void up(CallSession s, PppLinkEvent.Opened o) {
        var info = s.info();
        var fp = info.fingerprint();
        EVENTS.info("session up id={} user={} client={} host=\"{}\" vendor=\"{}\" firmware={} call={}/{} address={} auth={} mppe=\"{}\" mru={} holding={}",
                s.id, info.user(), addr(fp), fp.hostName(), fp.vendor(), fp.firmwareRevision(), info.localCallId(),
                info.peerCallId(), Ipv4.format(info.tunnelAddress()), info.auth().displayName(), info.mppe(), o.peerMru(),
                info.holding().name().toLowerCase(Locale.ROOT));
        publish(new SessionEvent.Up(info, info.started()));
    }

    void authFailed(ClientFingerprint fp, PppLinkEvent.AuthFailed f) {
        EVENTS.info("session auth-failure user={} client={} host=\"{}\" auth={} reason=\"{}\"", f.user(), addr(fp),
                fp.hostName(), f.method().displayName(), f.reason());
        publish(new SessionEvent.AuthFailure(f.user(), fp, f.method(), f.reason(), wallClock.instant()));
    }

    /** Lock-outs that begin are logged and journalled; each login refused during one is logged (the limiter counts it). */
    final GuessingGuard.LockoutSink lockouts = new GuessingGuard.LockoutSink() {
        @Override
        public void lockedOut(String user, ClientFingerprint fp, Lockout l) {
            EVENTS.warn("session lockout user={} client={} scope={} until={} reason=\"{}\"", user, addr(fp),
                    l.scope().name().toLowerCase(Locale.ROOT), l.until(), l.reason());
            publish(new SessionEvent.LockedOut(user, fp, l, l.since()));
        }

        @Override
        public void refused(String user, ClientFingerprint fp, Lockout l) {
            EVENTS.info("session refused-locked-out user={} client={} scope={} until={} (password not checked)", user,
                    addr(fp), l.scope().name().toLowerCase(Locale.ROOT), l.until());
        }
    };

    void loginRefused(ClientFingerprint fp, PppLinkEvent.Refused r) {
        EVENTS.info("session refused user={} client={} host=\"{}\" reason=\"{}\"", r.user(), addr(fp), fp.hostName(), r.reason());
        publish(new SessionEvent.Refused(Optional.ofNullable(r.user()), fp, r.reason(), wallClock.instant()));
    }

    void down(CallSession s, String reason, long durationMillis) {
        var info = s.info();
        var c = s.counters();
        EVENTS.info("session down id={} user={} client={} address={} duration={}s bytes_in={} bytes_out={} packets_in={} packets_out={} reason=\"{}\"",
                s.id, info.user(), addr(info.fingerprint()), Ipv4.format(info.tunnelAddress()),
                String.format("%.1f", durationMillis / 1000.0), c.bytesFromClient(), c.bytesToClient(),
                c.packetsFromClient(), c.packetsToClient(), reason);
        publish(new SessionEvent.Down(info, c, reason, wallClock.instant()));
    }

    private void publish(SessionEvent e) {
        for (SessionListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.error("session listener failed on {}", e.getClass().getSimpleName(), ex);
            }
        }
    }

    private static String addr(ClientFingerprint fp) {
        InetSocketAddress a = fp.publicAddress();
        return a == null ? "-" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
