package io.pptp2wg.tests.wg;

import com.wireguard.crypto.KeyPair;
import io.pptp2wg.tests.lab.Capture;
import io.pptp2wg.tests.lab.CommandResult;
import io.pptp2wg.tests.lab.Commands;
import io.pptp2wg.tests.lab.Lab;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.RealPeerTest;
import io.pptp2wg.tests.lab.WireGuardBackend;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.udp.WireGuardSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our WireGuard peer against Debian's wireguard-go + wg ({@link WireGuardBackend}), in namespaces this test creates:
 * <pre>
 *   lab netns: br0 192.0.2.1, our WireGuardSocket 192.0.2.1:51821 ── veth ── backend netns: 192.0.2.3, wireguard-go
 *                                                                            :51820, tunnel 198.51.100.1/24 (the
 *                                                                            kernel answers ping)
 * </pre>
 * Only documentation addresses; no namespace has a route out. The JVM stays in its own namespace; its one
 * socket is created on a thread inside the lab namespace ({@link Netns#call}). The JVM has no TUN: the test is
 * the IP stack, building ICMP echo requests and answering those sent to its identities' tunnel addresses.
 * Everything is captured on the backend's veth and checked with tshark at the end.
 */
@RealPeerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WireGuardGoInteropIT {
    static final int OUR_PORT = 51821;
    static final String BACKEND_TUNNEL_IP = "198.51.100.1";

    static Path dir;
    static Netns lab;
    static WireGuardBackend backend;
    static Capture capture;
    static KeyLogFile keyLog;
    static WireGuardSocket socket;
    static InetSocketAddress backendEndpoint;
    static String ourEndpoint;
    static final List<String> ourPrivateKeys = new ArrayList<>();
    /** echo replies received: "identity name/seq" */
    static final Set<String> replies = ConcurrentHashMap.newKeySet();
    static final Map<Identity, String> tunnelAddress = new ConcurrentHashMap<>();

    @BeforeAll
    static void lab() throws Exception {
        dir = Lab.newDir("wg-interop");
        lab = Netns.create();
        backend = WireGuardBackend.builder(lab).underlay("192.0.2.3/24").listenPort(51820)
                .tunnel(BACKEND_TUNNEL_IP + "/24").start();
        backendEndpoint = new InetSocketAddress(backend.address(), 51820);
        ourEndpoint = lab.bridgeAddress() + ":" + OUR_PORT;
        capture = Capture.start(backend.ns(), backend.underlayDevice(), "udp port 51820", dir.resolve("wg-interop.pcap"));
        keyLog = new KeyLogFile(dir.resolve("wg-interop.keylog"));
        WireGuardSocket.Options options = new WireGuardSocket.Options(new InetSocketAddress(lab.bridgeAddress(), OUR_PORT),
                4 << 20, 100, Device.Settings.DEFAULTS, keyLog.random);
        // opened on a thread inside the namespace: its own UDP socket (recvmmsg/sendmmsg) belongs there
        socket = lab.call(() -> WireGuardSocket.open(options, WireGuardGoInteropIT::onPacket));
        if (!socket.ownUdpSocket()) {
            throw new IllegalStateException("expected the socket's own UDP socket (epoll), got Netty's channel");
        }
    }

    /** Echo replies are recorded; echo requests to an identity's own address are answered on that identity. */
    static void onPacket(Identity identity, ByteBuffer ip) {
        if (Icmp.isEcho(ip, Icmp.ECHO_REPLY)) {
            if (Icmp.dst(ip).equals(tunnelAddress.get(identity))) { // delivered on the identity that owns the address
                replies.add(identity.name() + "/" + Icmp.seq(ip));
            }
        } else if (Icmp.isEcho(ip, Icmp.ECHO_REQUEST) && Icmp.dst(ip).equals(tunnelAddress.get(identity))) {
            socket.send(identity, ByteBuffer.wrap(Icmp.replyTo(ip)));
        }
    }

    static Identity identity(String name, KeyPair keys, String address, InetSocketAddress backendEndpoint) throws Exception {
        ourPrivateKeys.add(keys.getPrivateKey().toBase64());
        Identity id = socket.addIdentity(name, keys.getPrivateKey(), backend.publicKey(), null,
                backendEndpoint, 0).get(5, TimeUnit.SECONDS);
        tunnelAddress.put(id, address);
        return id;
    }

    static void ping(Identity id, int seq) {
        socket.send(id, ByteBuffer.wrap(Icmp.echo(Icmp.ECHO_REQUEST, Icmp.addr(tunnelAddress.get(id)),
                Icmp.addr(BACKEND_TUNNEL_IP), 0x4a56, seq, 56)));
    }

    /** The marker echo of {@link #tsharkDecodesTheWholeCaptureWithoutAProblem}: a size no other test sends. */
    static final int MARKER_SEQ = 9999;
    static final int MARKER_PAYLOAD = 104;

    /** A transport-data message's size for an IP packet of {@code ipLength} (whitepaper §5.4.6: padded to 16, tag 16). */
    static int transportDataLength(int ipLength) {
        return 16 + (ipLength + 15) / 16 * 16 + 16;
    }

    static boolean await(java.util.function.BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    @Order(1)
    void asInitiatorHandshakesAndThousandEchoesAllComeBack() throws Exception {
        KeyPair keys = new KeyPair();
        backend.addPeer(keys.getPublicKey(), "198.51.100.2/32"); // before our first handshake
        Identity id = identity("initiator", keys, "198.51.100.2", backendEndpoint);
        long start = Instant.now().getEpochSecond();

        ping(id, 0);
        assertTrue(await(() -> replies.contains("initiator/0"), 10), "first echo through a fresh handshake");
        WireGuardBackend.Peer peer = backend.dump().get(keys.getPublicKey().toBase64());
        assertTrue(peer.latestHandshake() >= start - 1, "wg show: latest-handshake " + peer.latestHandshake());
        assertTrue(peer.rxBytes() > 0, "wg show: transfer-rx from us " + peer.rxBytes());
        assertEquals(ourEndpoint, peer.endpoint());
        assertEquals(1, id.stats().handshakes());

        // 1,000 echoes, at most 64 outstanding, bounded in time
        int total = 1000, window = 64;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int sent = 1;
        while (sent <= total && System.nanoTime() < deadline) {
            int outstanding = sent - (int) replies.stream().filter(r -> r.startsWith("initiator/")).count();
            if (outstanding < window) {
                ping(id, sent++);
            } else {
                Thread.sleep(1);
            }
        }
        assertTrue(await(() -> replies.stream().filter(r -> r.startsWith("initiator/")).count() == total + 1, 20),
                "echo replies: " + replies.stream().filter(r -> r.startsWith("initiator/")).count() + " of " + (total + 1));
        for (int s = 0; s <= total; s++) {
            assertTrue(replies.contains("initiator/" + s), "reply " + s);
        }
        // byte counters agree exactly with wireguard-go's, both ways
        assertTrue(await(() -> {
            WireGuardBackend.Peer p = backend.dump().get(keys.getPublicKey().toBase64());
            return p.rxBytes() == id.stats().txBytes() && p.txBytes() == id.stats().rxBytes();
        }, 5), "wg show rx/tx " + backend.dump().get(keys.getPublicKey().toBase64()) + " vs ours " + id.stats());
        System.out.println("initiator: " + id.stats());
    }

    @Test
    @Order(2)
    void asResponderAnswersWireguardGosHandshakeAndItsPings() throws Exception {
        KeyPair keys = new KeyPair();
        Identity id = identity("responder", keys, "198.51.100.3", null); // learns the backend's endpoint from it
        backend.addPeers("[Peer]\nPublicKey = " + keys.getPublicKey().toBase64() + "\nAllowedIPs = 198.51.100.3/32\n"
                + "Endpoint = " + ourEndpoint + "\n");
        long start = Instant.now().getEpochSecond();
        String out = backend.exec(Duration.ofSeconds(30), "ping", "-c", "5", "-i", "0.2", "-W", "5", "-w", "20", "198.51.100.3")
                .stdout();
        assertTrue(out.contains("5 received"), out);
        assertEquals(1, id.stats().received(Disposition.HANDSHAKE_INITIATION), "wireguard-go initiated: " + id.stats());
        assertEquals(0, id.stats().received(Disposition.HANDSHAKE_RESPONSE));
        WireGuardBackend.Peer peer = backend.dump().get(keys.getPublicKey().toBase64());
        assertTrue(peer.latestHandshake() >= start - 1, "latest-handshake " + peer.latestHandshake());
        assertTrue(peer.rxBytes() > 0);
        assertEquals(backendEndpoint, id.peerEndpoint());
        System.out.println("responder: " + id.stats());
    }

    @Test
    @Order(3)
    void hundredIdentitiesOnOneSocketEachHandshakeWithTheirOwnPeer() throws Exception {
        int n = 100;
        StringBuilder peers = new StringBuilder();
        Map<String, KeyPair> keys = new HashMap<>();
        for (int i = 0; i < n; i++) {
            KeyPair k = new KeyPair();
            keys.put("u" + i, k);
            peers.append("[Peer]\nPublicKey = ").append(k.getPublicKey().toBase64())
                    .append("\nAllowedIPs = 198.51.100.").append(100 + i).append("/32\n\n");
        }
        backend.addPeers(peers.toString()); // one wg addconf
        List<Identity> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(identity("u" + i, keys.get("u" + i), "198.51.100." + (100 + i), backendEndpoint));
        }
        long start = Instant.now().getEpochSecond();
        for (Identity id : ids) {
            ping(id, 7);
        }
        assertTrue(await(() -> ids.stream().allMatch(id -> replies.contains(id.name() + "/7")), 30),
                "replies on their own identity: " + ids.stream().filter(id -> replies.contains(id.name() + "/7")).count());
        Map<String, WireGuardBackend.Peer> dump = backend.dump();
        for (Identity id : ids) {
            WireGuardBackend.Peer p = dump.get(id.publicKey().toBase64());
            assertTrue(p.latestHandshake() >= start - 1 && p.rxBytes() > 0 && p.txBytes() > 0, id + ": " + p);
            assertEquals(1, id.stats().handshakes());
        }
        assertEquals(1 + 1 + n, socket.onLoop(() -> 0).thenApply(x -> tunnelAddress.size()).get());
    }

    @Test
    @Order(4)
    void tsharkDecodesTheWholeCaptureWithoutAProblem() throws Exception {
        // A marker echo of a size nothing else sends, last: once tcpdump wrote its request and its reply, it wrote
        // everything before them (it writes in order), so stopping it now loses nothing. No sleep: a deadline.
        Identity initiator = tunnelAddress.keySet().stream().filter(i -> i.name().equals("initiator")).findFirst()
                .orElseThrow();
        socket.send(initiator, ByteBuffer.wrap(Icmp.echo(Icmp.ECHO_REQUEST, Icmp.addr(tunnelAddress.get(initiator)),
                Icmp.addr(BACKEND_TUNNEL_IP), 0x4a56, MARKER_SEQ, MARKER_PAYLOAD)));
        int markerLength = transportDataLength(Icmp.HEADER + MARKER_PAYLOAD);
        assertTrue(await(() -> replies.contains("initiator/" + MARKER_SEQ)
                && capture.udpPayloadLengthsSoFar().stream().filter(l -> l == markerLength).count() >= 2, 10),
                "the marker echo (" + markerLength + "-octet transport data) and its reply in the capture");
        Path pcap = capture.stop();
        assertEquals(0, capture.droppedByKernel(), "tcpdump lost packets: the checks below would be incomplete");
        List<String> privateKeys = new ArrayList<>(ourPrivateKeys);
        privateKeys.add(backend.privateKey().toBase64());
        keyLog.write(ourPrivateKeys, backend.publicKey().toBase64());
        TsharkChecks t = new TsharkChecks(pcap, privateKeys, keyLog.file);
        int init = t.count("wg.type == 1"), resp = t.count("wg.type == 2"), data = t.count("wg.type == 4");
        t.runAll(51820);
        t.report.forEach(System.out::println);
        System.out.println("capture: " + init + " initiations, " + resp + " responses, " + data + " transport");
        assertTrue(init >= 102 && resp >= 102 && data >= 2000, init + "/" + resp + "/" + data);
        assertEquals(List.of(), t.failures);
        // the full decode (tshark -V) runs without error too
        CommandResult v = Commands.run(Duration.ofSeconds(120), null, List.of("tshark", "-n", "-r", pcap.toString(), "-V", "-Y", "wg"));
        assertEquals(0, v.exitCode());
    }

    /** Negative control: the same checks, on a capture of crafted bad messages, flag each of them. */
    @Test
    @Order(5)
    void theChecksCatchCraftedBadMessages() throws Exception {
        Path pcap = dir.resolve("wg-bad.pcap");
        try (Capture bad = Capture.start(backend.ns(), backend.underlayDevice(), "udp port 51820", pcap)) {
            lab.call(() -> {
                try (var ch = java.nio.channels.DatagramChannel.open()) {
                    ch.bind(new InetSocketAddress(lab.bridgeAddress(), 0));
                    java.util.Random r = new java.util.Random(1);
                    byte[] truncated = new byte[147];
                    truncated[0] = 1;
                    byte[] unpadded = new byte[40];
                    unpadded[0] = 4;
                    byte[] reserved = new byte[148];
                    r.nextBytes(reserved);
                    reserved[0] = 1;
                    reserved[1] = 0;
                    reserved[2] = 7;
                    reserved[3] = 0;
                    byte[] badMac1 = new byte[148];
                    r.nextBytes(badMac1);
                    badMac1[0] = 1;
                    badMac1[1] = badMac1[2] = badMac1[3] = 0;
                    for (byte[] m : List.of(truncated, unpadded, reserved, badMac1)) {
                        ch.send(ByteBuffer.wrap(m), backendEndpoint);
                    }
                }
                return null;
            });
            // the four are all that this capture sees: wait for them to be written (a deadline, no sleep)
            assertTrue(await(() -> bad.udpPayloadLengthsSoFar().size() >= 4, 10), "the four crafted messages captured");
        }
        TsharkChecks t = new TsharkChecks(pcap, List.of(backend.privateKey().toBase64()), keyLog.file);
        t.runAll(51820);
        // the checks must catch the broken messages sent on purpose: "FAIL" lines are the expected result here
        t.report.forEach(line -> System.out.println("negative control (broken on purpose): " + line));
        String all = String.join("\n", t.failures);
        assertTrue(all.contains("valid length and type"), all); // the truncated initiation
        assertTrue(all.contains("not padded"), all);
        assertTrue(all.contains("reserved bytes"), all);
        assertTrue(all.contains("mac1 matches"), all);
        assertTrue(t.failures.size() >= 3, all);
    }

    @AfterAll
    static void cleanup() {
        if (socket != null) {
            socket.close();
        }
        if (lab != null) {
            lab.close(); // the capture, the backend and its namespace with it
        }
    }
}
