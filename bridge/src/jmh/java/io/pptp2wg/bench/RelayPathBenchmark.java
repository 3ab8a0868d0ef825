package io.pptp2wg.bench;

import io.pptp2wg.bridge.ip.PrefixSet;
import io.pptp2wg.bridge.relay.Carrier;
import io.pptp2wg.bridge.relay.RelayCore;
import io.pptp2wg.bridge.relay.RelayDrop;
import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.ppp.PppOptionsParser;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.config.secrets.SecretsParser;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.gateway.StickyAddressAllocator;
import io.pptp2wg.mppe.MppeEncryptor;
import io.pptp2wg.ppp.PppClientConfig;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkConfig;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.ClientPppLinks;
import io.pptp2wg.ppp.PppLinks;
import io.pptp2wg.ppp.PppOutput;
import io.pptp2wg.pptp.gre.GreCall;
import io.pptp2wg.pptp.gre.GreConfig;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreSink;
import io.pptp2wg.pptp.gre.GreStats;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.crypto.SymmetricKey;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.DeviceSink;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's per-packet work in each direction, end to end inside one JVM and one thread, at 1400-byte IP
 * packets, MPPE-128 stateless (the PPP links opened by a real MS-CHAPv2 + CCP + IPCP negotiation between the
 * server and client links) and WireGuard (a completed handshake between two devices), beside the crypto alone in
 * the same run, so that the overhead over the crypto bound is a ratio:
 * <ul>
 *   <li>{@code toBackend}: the GRE packet copied into an inbox slot as the reader does, GRE decode and sequence
 *       check, PPP decode and MPPE decrypt (key change per packet), the relay's checks and MSS clamp, the user's
 *       identity found, WireGuard seal, the datagram copied into a direct buffer as Netty's write does;</li>
 *   <li>{@code toClient}: a datagram from the backend (sealed before the batch), WireGuard open and replay check, the relay's checks and the session found by address, PPP encode, MPPE
 *       encrypt, GRE encode into the transmit buffer (with the client's periodic acknowledgment processed);</li>
 *   <li>crypto alone: {@code mppe} (RC4 of 1402 octets with the per-packet key change: SHA-1 + RC4 key schedule),
 *       {@code chachaSeal}/{@code chachaOpen} (JDK ChaCha20-Poly1305 of the 1408-octet padded packet) and, for
 *       the record, {@code chachaSealBouncyCastle}.</li>
 * </ul>
 * Left out: the syscalls (GRE recvfrom/sendto, UDP sendmsg/recvmsg) and the hand-offs between threads. The relay's
 * lookups are those of Relay and PptpGateway (a concurrent map by user name, one by tunnel address).
 * Run: {@code tools/path-bench.sh} (JMH with -prof gc: allocation per operation).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, batchSize = RelayPathBenchmark.BATCH)
@Measurement(iterations = 10, batchSize = RelayPathBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class RelayPathBenchmark {
    static final int IP_LENGTH = 1400;
    /**
     * Packets per measured batch. Inputs must be fresh (stateless MPPE changes keys with every packet for good, and
     * WireGuard refuses a replayed counter), so each batch's packets are made before it, untimed: the client's
     * frames and the backend's datagrams, in sequence with the ones before. JMH reports time per batch.
     */
    static final int BATCH = 40_000;
    static final int SERVER_ADDRESS = (int) Ipv4.parse("203.0.113.29").orElseThrow();
    static final int BACKEND_ADDRESS = (int) Ipv4.parse("203.0.113.30").orElseThrow();
    static final InetSocketAddress GATEWAY_UDP = new InetSocketAddress("203.0.113.17", 40000);
    static final InetSocketAddress BACKEND_UDP = new InetSocketAddress("203.0.113.18", 51820);

    /** The two PPP links, the GRE call, the relay and the two WireGuard devices; fresh inputs before each batch. */
    @State(Scope.Thread)
    public static class Path {

    // PPP + GRE, the gateway's side (server) and the client's
    PppLink server;
    PppLink client;
    int clientAddress;
    GreCall gre;
    final GreHeader header = new GreHeader();
    final GreHeader ackHeader = new GreHeader();
    final ByteBuffer ack = ByteBuffer.allocate(16);
    final byte[] slot = new byte[4096];
    final ByteBuffer slotView = ByteBuffer.wrap(slot);
    byte[][] ring;
    int ringAt;
    byte[][] backendRing;
    int backendAt;
    int seq;
    int sent;
    long now = 1_000_000_000_000L;
    final ByteBuffer greTx = ByteBuffer.allocateDirect(65_536);
    final GreSink greSink = new GreSink() {
        @Override
        public ByteBuffer txBuffer() {
            return greTx;
        }

        @Override
        public void transmit(ByteBuffer p) {
            p.position(p.limit()); // what the raw socket's sendto would take
        }
    };

    // the relay and WireGuard
    RelayCore relay;
    final Map<String, Identity> identityByUser = new ConcurrentHashMap<>();
    final Map<Integer, String> sessionByAddress = new ConcurrentHashMap<>();
    Device gateway;
    Device backend;
    Identity gatewayIdentity;
    Identity backendIdentity;
    final ByteBuffer datagram = ByteBuffer.allocateDirect(65_536);
    byte[] fromBackend = new byte[65_536];
    int fromBackendLength;
    byte[] replyPacket;
    long delivered;

    final DeviceSink gatewaySink = new DeviceSink() {
        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] m, int off, int len) {
            datagram.clear().put(m, off, len); // as the Netty edge copies into a direct buffer
        }

        @Override
        public void toTunnel(Identity identity, byte[] ip, int off, int len) {
            relayToClient(identity, ByteBuffer.wrap(ip, off, len));
        }
    };
    final DeviceSink backendSink = new DeviceSink() {
        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] m, int off, int len) {
            System.arraycopy(m, off, fromBackend, 0, len);
            fromBackendLength = len;
        }

        @Override
        public void toTunnel(Identity identity, byte[] ip, int off, int len) {
            delivered += len;
        }
    };

    /** The gateway's PPP link output: frames into GRE, IP packets into the relay. */
    final PppOutput serverOut = new PppOutput() {
        @Override
        public void sendFrame(ByteBuffer frame) {
            gre.send(frame, now, greSink);
        }

        @Override
        public void deliverIp(ByteBuffer ip) {
            relayToBackend(ip);
        }

        @Override
        public void linkEvent(PppLinkEvent event) {
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // as the gateway does at start-up; JMH forks per benchmark, so each state that runs MPPE installs it
        io.pptp2wg.gateway.mppe.OpenSslRc4.install();
        openPppLinks();
        gre = new GreCall(0x4242, 64, GreConfig.defaults(), new GreStats());
        relay = new RelayCore(PrefixSet.of(new int[] {BACKEND_ADDRESS}, new int[] {32}), 1420, 1400);
        openWireGuard();
        identityByUser.put("u0001", gatewayIdentity);
        sessionByAddress.put(clientAddress, "u0001");
        replyPacket = ipv4(IP_LENGTH, BACKEND_ADDRESS, clientAddress);
    }

    /** The server and client PPP links negotiate (MS-CHAPv2, MPPE-128 stateless, IPCP) in memory until both are open. */
    private void openPppLinks() {
        Problems problems = new Problems();
        PppOptions options = PppOptionsParser.parse(java.nio.file.Path.of("options.pptpd"), String.join("\n", "name pptpd", "refuse-pap",
                "refuse-chap", "refuse-mschap", "require-mschap-v2", "require-mppe-128", "mtu 1400", "mru 1400"), problems);
        UserDirectory users = UserDirectory.of(SecretsParser.parse(java.nio.file.Path.of("chap-secrets"), "u0001 * p0001 *\n", problems),
                List.of(), "pptpd", e -> { });
        problems.throwIfErrors();
        AddressList pool = AddressList.parse("192.0.2.1-254").list().orElseThrow();
        Random random = new Random(1);
        server = PppLinks.server(new PppLinkConfig(options, () -> users, LoginPolicy.allowAll(),
                new StickyAddressAllocator(pool, SERVER_ADDRESS, () -> users), SERVER_ADDRESS,
                new ClientFingerprint("bench", "bench", 1, new InetSocketAddress("203.0.113.2", 40000)), random));
        client = ClientPppLinks.client(new PppClientConfig(PppClientConfig.options(List.of(AuthProtocol.MSCHAP_V2),
                new MppePolicy(true, EnumSet.of(MppeKeyLength.BITS_128), StatefulMppe.REFUSE), 0, 0, false), "u0001",
                Secret.ofPassword("p0001".toCharArray()), new Random(2)));
        List<byte[]> toServer = new ArrayList<>();
        List<byte[]> toClient = new ArrayList<>();
        PppOutput s = capture(toClient, e -> {
            if (e instanceof PppLinkEvent.Opened o) {
                clientAddress = o.peerAddress();
            }
        });
        PppOutput c = capture(toServer, e -> { });
        server.start(now, s);
        client.start(now, c);
        for (int round = 0; round < 200 && !(server.isNetworkOpen() && client.isNetworkOpen()); round++) {
            now += 1_000_000;
            for (byte[] f : List.copyOf(toServer)) {
                toServer.remove(0);
                server.receiveFrame(ByteBuffer.wrap(f), now, s);
            }
            for (byte[] f : List.copyOf(toClient)) {
                toClient.remove(0);
                client.receiveFrame(ByteBuffer.wrap(f), now, c);
            }
            server.poll(now, s);
            client.poll(now, c);
        }
        if (!server.isNetworkOpen() || !client.isNetworkOpen()) {
            throw new IllegalStateException("the PPP links did not open");
        }
    }

    private static PppOutput capture(List<byte[]> frames, java.util.function.Consumer<PppLinkEvent> events) {
        return new PppOutput() {
            @Override
            public void sendFrame(ByteBuffer frame) {
                byte[] b = new byte[frame.remaining()];
                frame.get(b);
                frames.add(b);
            }

            @Override
            public void deliverIp(ByteBuffer ip) {
            }

            @Override
            public void linkEvent(PppLinkEvent event) {
                events.accept(event);
            }
        };
    }

    /** Before each batch (untimed): the client's next frames to the backend and the backend's next datagrams. */
    @Setup(Level.Iteration)
    public void nextBatch() {
        byte[] ip = ipv4(IP_LENGTH, clientAddress, BACKEND_ADDRESS);
        List<byte[]> captured = new ArrayList<>();
        PppOutput c = capture(captured, e -> { });
        ring = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            client.sendIp(ByteBuffer.wrap(ip), now, c);
            ring[i] = captured.remove(0);
        }
        ringAt = 0;
        backendRing = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            backend.send(now, backendIdentity, replyPacket, 0, replyPacket.length, backendSink);
            backendRing[i] = java.util.Arrays.copyOf(fromBackend, fromBackendLength);
        }
        backendAt = 0;
    }

    private void openWireGuard() {
        SecureRandom r = new SecureRandom();
        InstantSource wall = () -> Instant.ofEpochSecond(1_800_000_000L).plusNanos(now);
        byte[] gPriv = new byte[32], bPriv = new byte[32], gPub = new byte[32], bPub = new byte[32];
        Curve25519.generatePrivateKey(r, gPriv);
        Curve25519.generatePrivateKey(r, bPriv);
        Curve25519.publicKey(gPriv, gPub);
        Curve25519.publicKey(bPriv, bPub);
        gateway = new Device(Device.Settings.DEFAULTS, r, wall);
        backend = new Device(Device.Settings.DEFAULTS, r, wall);
        gatewayIdentity = gateway.addIdentity("u0001", new Tunnel.Config(gPriv, bPub, null, BACKEND_UDP, 0, 64));
        backendIdentity = backend.addIdentity("backend", new Tunnel.Config(bPriv, gPub, null, null, 0, 64));
        byte[] keepalive = new byte[0];
        final byte[][] last = new byte[1][];
        DeviceSink g = new DeviceSink() {
            @Override
            public void toNetwork(InetSocketAddress endpoint, byte[] m, int off, int len) {
                last[0] = java.util.Arrays.copyOfRange(m, off, off + len);
            }

            @Override
            public void toTunnel(Identity identity, byte[] ip, int off, int len) {
            }
        };
        gateway.send(now, gatewayIdentity, keepalive, 0, 0, g);           // initiation
        byte[] initiation = last[0];
        backend.receive(now, GATEWAY_UDP, initiation, 0, initiation.length, backendSink); // response
        gateway.receive(now, BACKEND_UDP, fromBackend, 0, fromBackendLength, g);        // keepalive back
        byte[] confirm = last[0];
        backend.receive(now, GATEWAY_UDP, confirm, 0, confirm.length, backendSink);     // confirms the session
        if (gatewayIdentity.lastHandshake() == null) {
            throw new IllegalStateException("no WireGuard handshake");
        }
    }

    static byte[] ipv4(int length, int source, int destination) {
        byte[] p = new byte[length];
        new Random(3).nextBytes(p);
        ByteBuffer b = ByteBuffer.wrap(p);
        b.put(0, (byte) 0x45).put(1, (byte) 0).putShort(2, (short) length).putShort(4, (short) 1).putShort(6, (short) 0x4000)
                .put(8, (byte) 64).put(9, (byte) 1).putShort(10, (short) 0).putInt(12, source).putInt(16, destination);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        b.putShort(10, (short) ~(sum + (sum >>> 16)));
        return p;
    }

    // ------------------------------------------------------------------ the relay, as Relay and PptpGateway do it

    void relayToBackend(ByteBuffer ip) {
        RelayDrop drop = relay.fromClient(ip, clientAddress);
        if (drop != null) {
            throw new IllegalStateException("dropped: " + drop);
        }
        Identity id = identityByUser.get("u0001");
        gateway.send(now, id, ip.array(), ip.arrayOffset() + ip.position(), ip.remaining(), gatewaySink);
    }

    void relayToClient(Identity identity, ByteBuffer ip) {
        String user = Optional.ofNullable(sessionByAddress.get(ip.getInt(ip.position() + 16))).orElse(null);
        RelayDrop drop = relay.fromBackend(ip, identity.name(), user, Carrier.OWN);
        if (drop != null) {
            throw new IllegalStateException("dropped: " + drop);
        }
        server.sendIp(ip, now, serverOut);
    }


    public int toBackend() {
        byte[] frame = ring[ringAt++];
        slotView.clear();
        GreHeader.write(slotView, 0x4242, frame.length, ++seq, false, 0);
        slotView.put(frame).flip(); // the GRE reader's copy into the inbox slot
        if (header.parse(slotView) != null) {
            throw new IllegalStateException("bad GRE");
        }
        now += 1_000;
        if (gre.receive(header, now, greSink)) {
            slotView.limit(header.payloadOffset() + header.payloadLength()).position(header.payloadOffset());
            server.receiveFrame(slotView, now, serverOut);
        }
        return datagram.position();
    }

    public int toClient() {
        now += 1_000;
        byte[] m = backendRing[backendAt++];
        gateway.receive(now, BACKEND_UDP, m, 0, m.length, gatewaySink);
        sent++;
        ack.clear();
        GreHeader.write(ack, 0x2424, 0, 0, true, sent - 1 - 16); // the client acknowledges, 16 packets behind
        ack.flip();
        ackHeader.parse(ack);
        gre.receive(ackHeader, now, greSink);
        return greTx.position();
    }

    /** Only the per-batch set-up (its allocation is subtracted from the paths'). */
    public int pathBaseline() {
        return ringAt++ + backendAt;
    }

    }

    /** The crypto alone, in a state of its own (no per-batch set-up: its allocation per packet is its own). */
    @State(Scope.Thread)
    public static class Crypto {
    MppeEncryptor mppe;
    final byte[] mppeBuffer = new byte[2 + 2 + IP_LENGTH];
    ChaChaPoly aead;
    SymmetricKey key;
    final byte[] plain = new byte[1408];
    final byte[] sealed = new byte[1408 + 16];
    final byte[] out = new byte[1408 + 16];
    long counter;
    ChaCha20Poly1305 bc;
    KeyParameter bcKey;
    final byte[] bcNonce = new byte[12];

        @Setup(Level.Trial)
        public void setUp() {
            SecureRandom r = new SecureRandom();
            byte[] start = new byte[16];
            r.nextBytes(start);
            io.pptp2wg.gateway.mppe.OpenSslRc4.install(); // as the gateway does at start-up
            mppe = new MppeEncryptor(start, MppeKeyLength.BITS_128, false);
            aead = new ChaChaPoly();
            byte[] k = new byte[32];
            r.nextBytes(k);
            key = new SymmetricKey(k, 0);
            r.nextBytes(plain);
            aead.seal(key, 7, null, plain, 0, plain.length, sealed, 0);
            bc = new ChaCha20Poly1305();
            bcKey = new KeyParameter(k);
        }
    }

    // ------------------------------------------------------------------ benchmarks

    @Benchmark
    public int toBackend(Path p) {
        return p.toBackend();
    }

    @Benchmark
    public int toClient(Path p) {
        return p.toClient();
    }

    @Benchmark
    public int pathBaseline(Path p) {
        return p.pathBaseline();
    }

    @Benchmark
    public int mppe(Crypto c) {
        return c.mppe.seal(c.mppeBuffer, 0, 2 + IP_LENGTH);
    }

    @Benchmark
    public int chachaSeal(Crypto c) {
        return c.aead.seal(c.key, ++c.counter, null, c.plain, 0, c.plain.length, c.out, 0);
    }

    @Benchmark
    public int chachaOpen(Crypto c) {
        return c.aead.open(c.key, 7, null, c.sealed, 0, c.sealed.length, c.out, 0);
    }

    @Benchmark
    public int chachaSealBouncyCastle(Crypto c) throws Exception {
        long n = ++c.counter;
        for (int i = 0; i < 8; i++) {
            c.bcNonce[4 + i] = (byte) (n >>> (8 * i));
        }
        c.bc.init(true, new AEADParameters(c.bcKey, 128, c.bcNonce));
        int k = c.bc.processBytes(c.plain, 0, c.plain.length, c.out, 0);
        return k + c.bc.doFinal(c.out, k);
    }
}
