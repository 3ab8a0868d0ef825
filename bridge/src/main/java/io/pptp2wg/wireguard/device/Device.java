package io.pptp2wg.wireguard.device;

import io.pptp2wg.stats.EnumCounters;
import io.pptp2wg.wireguard.cookie.CookieSecret;
import io.pptp2wg.wireguard.cookie.RateLimiter;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.messages.CookieReply;
import io.pptp2wg.wireguard.messages.HandshakeInitiation;
import io.pptp2wg.wireguard.messages.HandshakeResponse;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.messages.TransportData;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.InitiationWindow;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import io.pptp2wg.wireguard.tunnel.TunnelSink;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Many local identities behind one UDP socket, with no I/O: the demultiplexer. Responses, cookie replies and
 * transport data name their receiver index; an initiation names our static key only inside its encryption, so it
 * goes to the identity whose MAC1 key (HASH(LABEL_MAC1 || our public key)) it was made with (§5.4.4): one MAC
 * per identity (about 1 µs each), the one cost here that grows with the number of identities.
 *
 * <p>Under load (§5.3: more handshake messages, or more MAC1 trials, per second than the settings allow) a
 * handshake message needs a valid MAC2, else it gets a cookie reply (§5.4.7); one with a valid MAC2 still passes a
 * per-source rate limit. Because finding an initiation's identity is the expensive part here (unlike in a
 * one-identity implementation), under load the MAC2 and the rate limits are checked before the MAC1 search, and
 * initiations without a valid MAC2 share a small global budget of searches (enough to send cookie replies to
 * real peers, which retry after REKEY_TIMEOUT, while spoofed floods cannot buy unbounded work).
 * <p>Lanes: a socket may run one Device per event loop ({@code lanes} of them, this one number {@code lane}). Each
 * Device then gives out only receiver indices whose low octet, modulo {@code lanes}, is its lane, so the kernel can
 * steer a datagram to the right loop's socket by that octet alone (see WireGuardSocket); a message for another
 * lane's index, or an initiation none of this lane's identities' MAC1 matches, is answered with
 * {@link Disposition#OTHER_LANE} (not counted here), for the socket to hand to the next lane.
 * Not thread-safe: one thread (the socket's event loop) calls everything.
 */
public final class Device {

    /**
     * @param queueLimit packets each identity holds while its handshake is under way
     * @param handshakesPerSecondBeforeLoad handshake messages per second above which the socket is "under load"
     *                                      (0: always)
     * @param rateLimitedSources source addresses the under-load rate limiter tracks at most
     */
    public record Settings(int queueLimit, int handshakesPerSecondBeforeLoad, int rateLimitedSources,
                           TunnelContext.Limits limits, int mac1TrialsPerSecondBeforeLoad,
                           int unverifiedMac1TrialsPerSecondUnderLoad, int initiationsInFlight) {
        /**
         * 64 queued packets per identity; under load above 2,000 handshake messages per second (~half a core) or
         * 200,000 MAC1 trials per second (~0.2-0.4 s of CPU); then at most 50,000 MAC1 trials per second (one trial
         * per identity searched) for initiations without a valid MAC2.
         */
        public static final Settings DEFAULTS = new Settings(64, 2_000, 65_536, TunnelContext.Limits.WHITEPAPER,
                200_000, 50_000, DEFAULT_INITIATIONS_IN_FLIGHT);

        public Settings(int queueLimit, int handshakesPerSecondBeforeLoad, int rateLimitedSources,
                        TunnelContext.Limits limits) {
            this(queueLimit, handshakesPerSecondBeforeLoad, rateLimitedSources, limits, 200_000, 50_000);
        }

        public Settings(int queueLimit, int handshakesPerSecondBeforeLoad, int rateLimitedSources,
                        TunnelContext.Limits limits, int mac1TrialsPerSecondBeforeLoad,
                        int unverifiedMac1TrialsPerSecondUnderLoad) {
            this(queueLimit, handshakesPerSecondBeforeLoad, rateLimitedSources, limits, mac1TrialsPerSecondBeforeLoad,
                    unverifiedMac1TrialsPerSecondUnderLoad, DEFAULT_INITIATIONS_IN_FLIGHT);
        }
    }

    /**
     * Handshake initiations in flight at once from all of a socket's lanes together: half the 128 queued handshake
     * messages at which wireguard-go counts itself under load (see {@link InitiationWindow}).
     */
    public static final int DEFAULT_INITIATIONS_IN_FLIGHT = 64;
    /** Lanes are told apart by a receiver index's low octet. */
    public static final int MAX_LANES = 256;

    private final Settings settings;
    private final int lane;
    private final int lanes;
    private final TunnelContext ctx;
    private final IndexTable<Tunnel> indexTable = new IndexTable<>();
    private final List<Identity> identities = new ArrayList<>();
    private final java.util.Map<Tunnel, Identity> byTunnel = new java.util.IdentityHashMap<>();
    private final java.util.Set<java.nio.ByteBuffer> publicKeys = new java.util.HashSet<>();
    private final RateLimiter rateLimiter;
    private final DeviceLoad load;
    private final EnumCounters<Disposition> unattributed = new EnumCounters<>(Disposition.class);
    private final byte[] mac = new byte[16];
    private final byte[] cookieReply = new byte[CookieReply.SIZE];

    /** The adapter every tunnel writes to: it names the identity for the DeviceSink. Saved/restored on re-entry. */
    private final class Adapter implements TunnelSink {
        DeviceSink sink;
        Identity identity;

        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length) {
            sink.toNetwork(endpoint, message, offset, length);
        }

        @Override
        public void toTunnel(byte[] ipPacket, int offset, int length) {
            sink.toTunnel(identity, ipPacket, offset, length);
        }
    }

    private final Adapter adapter = new Adapter();

    public Device(Settings settings, SecureRandom random, InstantSource wallClock) {
        this(settings, random, wallClock, 0, 1);
    }

    /** Lane {@code lane} of {@code lanes} devices behind one socket (see the class comment). */
    public Device(Settings settings, SecureRandom random, InstantSource wallClock, int lane, int lanes) {
        if (lanes < 1 || lanes > MAX_LANES || lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("lane " + lane + " of " + lanes + " (at most " + MAX_LANES + ")");
        }
        this.settings = settings;
        this.lane = lane;
        this.lanes = lanes;
        this.rateLimiter = new RateLimiter(settings.rateLimitedSources());
        this.load = new DeviceLoad(settings.handshakesPerSecondBeforeLoad(), settings.mac1TrialsPerSecondBeforeLoad(),
                settings.unverifiedMac1TrialsPerSecondUnderLoad());
        this.ctx = new TunnelContext(random, wallClock, new LaneIndices(indexTable, random, lane, lanes),
                new CookieSecret(random), settings.limits(),
                new InitiationWindow(Math.max(1, settings.initiationsInFlight() / lanes)));
    }

    /** Which of {@code lanes} devices gave out receiver index {@code index}. */
    public static int laneOf(int index, int lanes) {
        return (index & 0xFF) % lanes;
    }

    public int lane() {
        return lane;
    }

    // ---------------------------------------------------------------- identities

    /** Adds an identity (a PPTP user logged in); its handshake starts with the first packet sent. */
    public Identity addIdentity(String name, Tunnel.Config config) {
        Tunnel t = new Tunnel(config, ctx);
        if (!publicKeys.add(java.nio.ByteBuffer.wrap(t.publicKey()))) {
            t.close(); // an initiation could not tell two identities with one key apart
            throw new IllegalArgumentException("identity " + name + ": another identity has the same key");
        }
        Identity id = new Identity(name, t, lane);
        identities.add(id);
        byTunnel.put(t, id);
        return id;
    }

    /** Removes an identity (a PPTP user logged out): its keys are wiped and its indices freed at once. */
    public void removeIdentity(Identity id) {
        if (byTunnel.remove(id.tunnel) != null) {
            identities.remove(id);
            publicKeys.remove(java.nio.ByteBuffer.wrap(id.tunnel.publicKey()));
            id.tunnel.close();
        }
    }

    public List<Identity> identities() {
        return Collections.unmodifiableList(identities);
    }

    // ---------------------------------------------------------------- traffic

    /** Sends one IP packet through {@code id}'s tunnel to the backend. */
    public SendResult send(long now, Identity id, byte[] ip, int off, int len, DeviceSink sink) {
        DeviceSink savedSink = adapter.sink;
        Identity savedId = adapter.identity;
        adapter.sink = sink;
        adapter.identity = id;
        try {
            SendResult r = id.tunnel.send(now, ip, off, len, adapter);
            grantInitiations(now);
            return r;
        } finally {
            adapter.sink = savedSink;
            adapter.identity = savedId;
        }
    }

    /** Starts a handshake of {@code id} now (see {@link Tunnel#initiateHandshake}). */
    public void initiateHandshake(long now, Identity id, DeviceSink sink) {
        DeviceSink savedSink = adapter.sink;
        Identity savedId = adapter.identity;
        adapter.sink = sink;
        adapter.identity = id;
        try {
            id.tunnel.initiateHandshake(now, adapter);
            grantInitiations(now);
        } finally {
            adapter.sink = savedSink;
            adapter.identity = savedId;
        }
    }

    /** One UDP datagram received from {@code from}. Never throws for any content; every refusal is counted. */
    public Disposition receive(long now, InetSocketAddress from, byte[] buf, int off, int len, DeviceSink sink) {
        DeviceSink savedSink = adapter.sink;
        Identity savedId = adapter.identity;
        adapter.sink = sink;
        try {
            Disposition d = dispatch(now, from, buf, off, len);
            grantInitiations(now);
            return d;
        } finally {
            adapter.sink = savedSink;
            adapter.identity = savedId;
        }
    }

    private Disposition dispatch(long now, InetSocketAddress from, byte[] buf, int off, int len) {
        if (len < MessageType.FIELD_LEN) {
            return refuse(Disposition.TOO_SHORT);
        }
        MessageType type = MessageType.of(Bytes.getIntLE(buf, off));
        if (type == null) {
            return refuse(Disposition.UNKNOWN_TYPE);
        }
        switch (type) {
            case HANDSHAKE_INITIATION -> {
                if (len != HandshakeInitiation.SIZE) {
                    return refuse(Disposition.BAD_LENGTH);
                }
                boolean loaded = load.noteHandshake(now);
                boolean mac2 = false;
                if (loaded) {
                    mac2 = mac2Matches(now, from, buf, off, HandshakeInitiation.SIZE);
                    if (mac2 ? !rateLimiter.allow(now, from.getAddress()) : !load.searchBudget(now, identities.size())) {
                        return refuse(Disposition.RATE_LIMITED);
                    }
                }
                Tunnel t = findByMac1(now, buf, off);
                if (t == null) {
                    return lanes > 1 ? Disposition.OTHER_LANE : refuse(Disposition.BAD_MAC1);
                }
                if (loaded && !mac2) {
                    sendCookieReply(now, t, from, buf, off, HandshakeInitiation.SIZE,
                            Bytes.getIntLE(buf, off + HandshakeInitiation.SENDER));
                    return Disposition.COOKIE_SENT;
                }
                adapter.identity = byTunnel.get(t);
                return t.receiveInitiation(now, from, buf, off, adapter);
            }
            case HANDSHAKE_RESPONSE -> {
                if (len != HandshakeResponse.SIZE) {
                    return refuse(Disposition.BAD_LENGTH);
                }
                boolean loaded = load.noteHandshake(now);
                int receiver = Bytes.getIntLE(buf, off + HandshakeResponse.RECEIVER);
                Tunnel t = indexTable.get(receiver);
                if (t == null) {
                    return unknownReceiver(receiver);
                }
                if (!t.mac1Matches(buf, off, HandshakeResponse.SIZE, mac)) {
                    t.countRefusal(Disposition.BAD_MAC1);
                    return Disposition.BAD_MAC1;
                }
                Disposition d = underLoad(now, loaded, t, from, buf, off, HandshakeResponse.SIZE,
                        Bytes.getIntLE(buf, off + HandshakeResponse.SENDER));
                if (d != null) {
                    return d;
                }
                adapter.identity = byTunnel.get(t);
                return t.receiveResponse(now, from, buf, off, adapter);
            }
            case COOKIE_REPLY -> {
                if (len != CookieReply.SIZE) {
                    return refuse(Disposition.BAD_LENGTH);
                }
                int receiver = Bytes.getIntLE(buf, off + CookieReply.RECEIVER);
                Tunnel t = indexTable.get(receiver);
                if (t == null) {
                    return unknownReceiver(receiver);
                }
                return t.receiveCookieReply(now, buf, off);
            }
            case TRANSPORT_DATA -> {
                if (len < TransportData.MIN_SIZE) {
                    return refuse(Disposition.BAD_LENGTH);
                }
                int receiver = Bytes.getIntLE(buf, off + TransportData.RECEIVER);
                Tunnel t = indexTable.get(receiver);
                if (t == null) {
                    return unknownReceiver(receiver);
                }
                adapter.identity = byTunnel.get(t);
                return t.receiveTransport(now, from, buf, off, len, adapter);
            }
            default -> throw new AssertionError(type);
        }
    }

    /**
     * Under load (§5.3): a handshake message without a valid MAC2 gets a cookie reply instead of an answer, and
     * one with a valid MAC2 must still pass the per-source rate limit. Returns null to go on.
     */
    private Disposition underLoad(long now, boolean loaded, Tunnel t, InetSocketAddress from, byte[] buf, int off,
                                  int size, int senderIndex) {
        if (!loaded) {
            return null;
        }
        if (!mac2Matches(now, from, buf, off, size)) {
            sendCookieReply(now, t, from, buf, off, size, senderIndex);
            return Disposition.COOKIE_SENT;
        }
        if (!rateLimiter.allow(now, from.getAddress())) {
            t.countRefusal(Disposition.RATE_LIMITED);
            return Disposition.RATE_LIMITED;
        }
        return null;
    }

    private void sendCookieReply(long now, Tunnel t, InetSocketAddress from, byte[] buf, int off, int size, int sender) {
        int n = t.writeCookieReply(now, from, buf, off, size, sender, cookieReply);
        adapter.sink.toNetwork(from, cookieReply, 0, n);
        t.countRefusal(Disposition.COOKIE_SENT);
    }

    /** MAC2 = MAC(cookie for this source, message before mac2): the cookie does not depend on the identity. */
    private boolean mac2Matches(long now, InetSocketAddress from, byte[] buf, int off, int size) {
        if (!ctx.cookieSecretFresh(now)) {
            return false;
        }
        return ctx.mac2Matches(now, from, buf, off, size);
    }

    /** The identity whose MAC1 key made this initiation's MAC1, or null; counts the trials as load. */
    private Tunnel findByMac1(long now, byte[] buf, int off) {
        int n = identities.size();
        for (int i = 0; i < n; i++) {
            Tunnel c = identities.get(i).tunnel;
            if (c.mac1Matches(buf, off, HandshakeInitiation.SIZE, mac)) {
                load.noteTrials(now, i + 1);
                return c;
            }
        }
        load.noteTrials(now, n);
        return null;
    }

    /** True while the socket counts as under load. */
    public boolean isUnderLoad(long now) {
        return load.isUnderLoad(now);
    }

    /** Tunnels waiting to initiate go while the initiation window has room (one adapter identity each). */
    private void grantInitiations(long now) {
        InitiationWindow w = ctx.window();
        Tunnel t;
        while ((t = w.nextToGrant()) != null) {
            adapter.identity = byTunnel.get(t);
            t.slotFreed(now, adapter);
        }
    }

    /** Initiations in flight, waiting, and deferred so far (the window's state, for tests and metrics). */
    public InitiationWindow initiationWindow() {
        return ctx.window();
    }

    /** Runs due timers of every identity. */
    public void updateTimers(long now, DeviceSink sink) {
        DeviceSink savedSink = adapter.sink;
        Identity savedId = adapter.identity;
        adapter.sink = sink;
        try {
            for (int i = 0; i < identities.size(); i++) {
                Identity id = identities.get(i);
                adapter.identity = id;
                id.tunnel.updateTimers(now, adapter);
            }
            grantInitiations(now);
        } finally {
            adapter.sink = savedSink;
            adapter.identity = savedId;
        }
    }

    /** An index of another lane goes there; one of ours that names nothing is refused. */
    private Disposition unknownReceiver(int index) {
        return lanes > 1 && laneOf(index, lanes) != lane ? Disposition.OTHER_LANE : refuse(Disposition.UNKNOWN_RECEIVER);
    }

    /** The socket's count of a refusal it decided (an initiation no lane's identity matched). */
    public void countUnattributed(Disposition d) {
        refuse(d);
    }

    private Disposition refuse(Disposition d) {
        unattributed.increment(d);
        return d;
    }

    /** Refusals that could not be pinned on an identity (bad length, unknown receiver, MAC1 of nobody...). */
    public long refusedUnattributed(Disposition d) {
        return unattributed.get(d);
    }

    public int indicesInUse() {
        return indexTable.size();
    }
}
