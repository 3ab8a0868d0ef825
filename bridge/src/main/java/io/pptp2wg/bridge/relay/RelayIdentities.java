package io.pptp2wg.bridge.relay;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.config.wireguard.WireGuardMode;
import io.pptp2wg.session.WireGuardIdentityStore;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.udp.WireGuardSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The relay's identity table: each logged-in user's WireGuard identity (per-user mode, counted by the user's sessions
 * up), the gateway's own one, shared (shared mode; per-user mode: the sessions on borrowed addresses), added to and
 * retired from the socket as sessions come and go, and the counters of those already removed. {@link Relay} asks it
 * which identity carries a session and moves the packets.
 */
final class RelayIdentities {
    private static final Logger LOG = LoggerFactory.getLogger(RelayIdentities.class);
    static final ByteBuffer KEEPALIVE = ByteBuffer.allocate(0).asReadOnlyBuffer();
    static final String SHARED_NAME = "gateway";
    /** Marks an identity whose removal has begun (its attachment). */
    private static final Object RETIRED = new Object();

    /** A user's identity (being added, then added) and how many of the user's sessions are up (a user may dial twice). */
    private static final class UserIdentity {
        volatile CompletableFuture<Identity> identity;
        int sessions;
        /** Where the identity stands with the backend ({@link Ride}): set at the first session, advanced by the packets. */
        final AtomicReference<Ride.State> ride;

        UserIdentity(Ride.State ride) {
            this.ride = new AtomicReference<>(ride);
        }

        Identity now() {
            CompletableFuture<Identity> f = identity;
            return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
        }
    }

    private final RelaySettings settings;
    private final WireGuardIdentityStore store;
    private final WireGuardSocket socket;
    private final Map<String, UserIdentity> users = new ConcurrentHashMap<>();
    /** Per identity (by public key): DH(its static key, the backend's), kept across logins (as the keys are, in the store). */
    private final Map<String, byte[]> staticStatic = new ConcurrentHashMap<>();
    /**
     * The gateway's own identity (wg.conf [Interface] PrivateKey): every session in shared mode; in per-user mode the
     * sessions on borrowed addresses (further devices of a user), whose backend peer holds the pool. Added at start in
     * shared mode, at the first borrowed session in per-user mode; kept.
     */
    private final UserIdentity gatewayIdentity = new UserIdentity(Ride.ANSWERED);
    /** {@link #gatewayIdentity} once added: one volatile read per packet instead of the future's state. */
    private volatile Identity gatewayNow;
    /** Identities being removed, and the counters of those removed: the totals only grow. Guarded by itself. */
    private final Set<Identity> leaving = new HashSet<>();
    private final WireGuardTotals.Sum removed = new WireGuardTotals.Sum();

    RelayIdentities(RelaySettings settings, WireGuardIdentityStore store, WireGuardSocket socket) {
        this.settings = settings;
        this.store = store;
        this.socket = socket;
    }

    /** The gateway's identity, added on first use (never joined on an event loop: it may be the identity's own). */
    CompletableFuture<Identity> gateway() {
        CompletableFuture<Identity> f;
        synchronized (gatewayIdentity) {
            f = gatewayIdentity.identity;
            if (f == null) {
                f = add(SHARED_NAME, settings.sharedIdentity(), null).thenApply(id -> {
                    gatewayNow = id; // before anyone who waits on the future sees it complete
                    return id;
                });
                gatewayIdentity.identity = f;
                if (settings.mode() == WireGuardMode.PER_USER) {
                    LOG.info("relay: the gateway's own identity {} carries the sessions on borrowed addresses (its backend"
                            + " peer needs the pool as AllowedIPs: backend-peers)", settings.sharedIdentity().getPublicKey().toBase64());
                }
            }
        }
        return f;
    }

    /** The gateway's identity once added, else null. */
    Identity gatewayNow() {
        return gatewayNow;
    }

    /** The identity of {@code user} now (shared mode: the gateway's), or null while it is being added or absent. */
    Identity of(String user) {
        if (settings.mode() == WireGuardMode.SHARED) {
            return gatewayNow;
        }
        UserIdentity u = users.get(user);
        return u == null ? null : u.now();
    }

    /** The identity being added for a session just come up (the gateway's is started if need be), or null: none. */
    CompletableFuture<Identity> pending(boolean onGateway, String user) {
        if (onGateway) {
            return gateway(); // a borrowed session's packet before its Up event reached the relay
        }
        UserIdentity u = users.get(user);
        return u == null ? null : u.identity;
    }

    private CompletableFuture<Identity> add(String name, KeyPair keys, Executor loop) {
        byte[] priv = keys.getPrivateKey().getBytes();
        byte[] pub = keys.getPublicKey().getBytes();
        // DH(user key, backend key) is the same at every login: computed once per user (an X25519 saved per set-up)
        // keyed by the public key, not the name: a chap-secrets user may be called like the gateway's own identity
        byte[] ss = staticStatic.computeIfAbsent(keys.getPublicKey().toBase64(),
                k -> Tunnel.staticStatic(priv, settings.backendPublicKey().getBytes()));
        Key psk = settings.presharedKey();
        Tunnel.Config config = new Tunnel.Config(priv, settings.backendPublicKey().getBytes(), psk == null ? null : psk.getBytes(),
                settings.backendEndpoint(), settings.persistentKeepaliveSeconds(), socket.queueLimit(), pub, ss);
        return socket.addIdentity(name, config, loop);
    }

    /**
     * {@code loop}: the session's event loop, where the identity goes (its packets then stay on that thread);
     * {@code nowNanos}: when the session came up, on the relay's clock (the first answer is awaited from then).
     */
    void userUp(String user, Executor loop, long nowNanos) {
        Optional<KeyPair> keys = store.identityFor(user);
        if (keys.isEmpty()) {
            LOG.error("relay: no WireGuard identity for user '{}': their packets are dropped", user);
            return;
        }
        Ride.State start = Ride.first(store.answeredByBackend(user), nowNanos); // outside the lock: the store may be slow
        UserIdentity u;
        boolean first;
        synchronized (users) {
            u = users.computeIfAbsent(user, k -> new UserIdentity(start));
            first = u.sessions++ == 0;
        }
        if (!first) {
            Identity id = u.now();
            if (id != null) {
                socket.initiateHandshake(id);
            }
            return;
        }
        u.identity = add(user, keys.get(), loop);
        u.identity.whenComplete((id, failure) -> {
            if (failure != null) {
                LOG.error("relay: adding the WireGuard identity of '{}' failed", user, failure);
                return;
            }
            socket.send(id, KEEPALIVE); // handshake now, so the session's first packet finds a key
            boolean left;
            synchronized (users) {
                left = users.get(user) != u; // the user left while the identity was being added
            }
            if (left) {
                retire(id);
            }
        });
    }

    /**
     * The carrier of a session on {@code user}'s own {@code address} now (it may ride if the gateway's backend peer
     * routes the address), the user's {@link Ride} state advanced first to the time {@code nanoClock} says: once the
     * backend has answered, one volatile read and no clock read. {@link Carrier#OWN} for a user without an identity
     * here (nothing to ride from).
     */
    Carrier carrier(String user, int address, LongSupplier nanoClock) {
        UserIdentity u = users.get(user);
        if (u == null) {
            return Carrier.OWN;
        }
        Ride.State s = u.ride.get();
        if (s == Ride.ANSWERED) {
            return Carrier.OWN;
        }
        boolean mayRide = settings.gatewayCarries(address);
        Identity id = u.now();
        Ride.State n = Ride.next(s, id != null && id.lastHandshake() != null, nanoClock.getAsLong());
        if (n != s) {
            if (u.ride.compareAndSet(s, n)) {
                changed(user, id, s, n, mayRide);
            } else {
                n = u.ride.get(); // another thread advanced it (the socket's, for a backend packet)
            }
        }
        return Ride.carrier(n, mayRide);
    }

    /** Whether {@code user}'s identity still awaits its first answer from the backend (false: answered, or no identity). */
    boolean awaitingFirstAnswer(String user) {
        UserIdentity u = users.get(user);
        return u != null && u.ride.get() instanceof Ride.State.Awaiting;
    }

    /** Logs a change of {@code user}'s ride, and records the backend's first answer in the store (once per identity). */
    private void changed(String user, Identity id, Ride.State from, Ride.State to, boolean mayRide) {
        switch (to) {
            case Ride.State.Riding r when from instanceof Ride.State.Awaiting -> LOG.info(mayRide
                            ? "relay: the backend did not answer the WireGuard identity of '{}' within {} ms: its sessions ride the"
                            + " gateway's identity until it does (the user's handshake is offered again every {} s)"
                            : "relay: the backend did not answer the WireGuard identity of '{}' within {} ms, and the user's address"
                            + " is not in the gateway peer's pool: its packets wait on the user's identity (offered again every {} s)",
                    user, TimeUnit.NANOSECONDS.toMillis(Ride.FIRST_ANSWER_GRACE), TimeUnit.NANOSECONDS.toSeconds(Ride.OFFER_INTERVAL));
            case Ride.State.Answered a when from instanceof Ride.State.Awaiting -> {
                LOG.info("relay: the backend answered the WireGuard identity of '{}' ({}) for the first time", user,
                        id.publicKey().toBase64());
                store.backendAnswered(user);
            }
            case Ride.State.Leaving l -> {
                LOG.info("relay: the backend answered the WireGuard identity of '{}' ({}): its sessions move onto it from the"
                        + " gateway's", user, id.publicKey().toBase64());
                store.backendAnswered(user);
            }
            default -> { }
        }
    }

    /**
     * While the user's sessions ride the gateway's identity: offers the user's own handshake again, at most once per
     * {@link Ride#OFFER_INTERVAL} (WireGuard gives up retrying after REKEY_ATTEMPT_TIME; the administrator may add the
     * backend's [Peer] later).
     */
    void offerOwn(String user, long nowNanos) {
        UserIdentity u = users.get(user);
        Identity id = u == null ? null : u.now();
        if (id == null) {
            return;
        }
        Ride.State s = u.ride.get();
        Ride.State n = Ride.offer(s, nowNanos);
        if (n != s && u.ride.compareAndSet(s, n)) {
            socket.initiateHandshake(id);
        }
    }

    void userDown(String user) {
        Identity gone = null;
        synchronized (users) {
            UserIdentity u = users.get(user);
            if (u == null) {
                return;
            }
            if (--u.sessions == 0) {
                users.remove(user);
                gone = u.now();
            }
        }
        if (gone != null) {
            retire(gone);
        }
    }

    /** Removes an identity from the socket; its counters go into the totals once it is gone. */
    private void retire(Identity id) {
        synchronized (leaving) {
            if (id.attachment() == RETIRED) {
                return; // a session ended while its identity was still being added: both paths get here
            }
            id.attach(RETIRED);
            leaving.add(id);
        }
        socket.removeIdentity(id).whenComplete((ok, failure) -> {
            synchronized (leaving) {
                if (leaving.remove(id)) {
                    removed.add(id.stats());
                }
            }
        });
    }

    /** Adds the counters of every identity there has been (the removed ones included) to {@code sum}; returns how many are live. */
    int sumInto(WireGuardTotals.Sum sum) {
        Set<Identity> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Identity s = gatewayNow;
        if (s != null) {
            seen.add(s);
        }
        for (UserIdentity u : users.values()) {
            Identity id = u.now();
            if (id != null) {
                seen.add(id);
            }
        }
        synchronized (leaving) {
            seen.removeAll(leaving); // counted below, with the removed ones, under the same lock
            for (Identity id : seen) {
                sum.add(id.stats());
            }
            for (Identity id : leaving) {
                sum.add(id.stats());
            }
            sum.add(removed);
            return seen.size();
        }
    }

    /** The public keys in use now, by user (per-user mode) and the gateway's. */
    Map<String, Key> inUse() {
        Map<String, Key> m = new HashMap<>();
        Identity s = gatewayNow;
        if (s != null) {
            m.put(SHARED_NAME, s.publicKey());
        }
        users.forEach((user, u) -> {
            Identity id = u.now();
            if (id != null) {
                m.put(user, id.publicKey());
            }
        });
        return m;
    }

    int users() {
        return users.size();
    }

    /** Zeroes the saved DH results (the socket is closed by the relay). */
    void close() {
        staticStatic.values().forEach(v -> Arrays.fill(v, (byte) 0));
        staticStatic.clear();
    }
}
