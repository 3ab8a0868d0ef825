package io.pptp2wg.tests.radius;

import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.auth.MsChapCrypto;
import io.pptp2wg.ppp.auth.MsChapV2Method;
import io.pptp2wg.radius.AccessRequestSpec;
import io.pptp2wg.radius.RadiusAcctClient;
import io.pptp2wg.radius.RadiusAuthClient;
import io.pptp2wg.radius.RadiusCredentials;
import io.pptp2wg.radius.RadiusDrop;
import io.pptp2wg.radius.RadiusReply;
import io.pptp2wg.tests.lab.FreeRadius;
import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.RealPeerTest;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RADIUS client core against Debian's FreeRADIUS 3.2 in a namespace of its own (no VM): every method's
 * Access-Request is understood, the keys FreeRADIUS salt-encrypts decrypt to the ones MS-CHAPv2 derives locally
 * (RFC 3079), its MS-CHAP2-Success is the authenticator response the client expects, a wrong password comes
 * back as E=691, a reply without Message-Authenticator is dropped, and a stopped server ends in "unreachable".
 */
@RealPeerTest
class FreeRadiusIT {
    private static final String SECRET = "lab-radius-secret";

    /** One request, sent from inside the namespace, answered within the core's own retry schedule. */
    private static RadiusReply ask(Netns ns, RadiusAuthClient[] holder, RadiusClientConf conf, AccessRequestSpec spec) throws Exception {
        return ns.call(() -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ns.bridgeAddress(), 0))) {
                RadiusServer server = conf.authServers().getFirst();
                InetSocketAddress to = new InetSocketAddress(server.host(), server.port());
                List<RadiusReply> replies = new ArrayList<>();
                RadiusAuthClient c = new RadiusAuthClient(conf, "lab-gw", List.of(), new SecureRandom(), (i, d) -> {
                    try {
                        s.send(new DatagramPacket(d, d.length, to));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, n -> { });
                holder[0] = c;
                c.submit(spec, System.nanoTime(), replies::add);
                byte[] buf = new byte[4096];
                for (int i = 0; i < 50 && replies.isEmpty(); i++) {
                    long wait = c.deadline() == Long.MAX_VALUE ? 1 : Math.max(1, (c.deadline() - System.nanoTime()) / 1_000_000);
                    s.setSoTimeout((int) Math.min(wait, 10_000));
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        s.receive(p);
                        c.receive(0, Arrays.copyOf(p.getData(), p.getLength()), System.nanoTime());
                    } catch (SocketTimeoutException e) {
                        c.poll(System.nanoTime());
                    }
                }
                return replies.isEmpty() ? null : replies.getFirst();
            }
        });
    }

    private static RadiusClientConf conf(String host, int timeout, int retries) {
        return new RadiusClientConf(Path.of("radiusclient.conf"), List.of(new RadiusServer(host, 1812,
                Secret.ofPassword(SECRET.toCharArray()), "radiusclient.conf", 1)), List.of(), timeout, retries, Optional.empty(),
                Optional.empty(), Optional.empty(), new RadiusPlugin("options", 1, Path.of("radiusclient.conf"), List.of()));
    }

    private record MsChapV2Login(AccessRequestSpec spec, byte[] challenge, byte[] peerChallenge, byte[] ntResponse, byte[] hash) {}

    private static MsChapV2Login msChapV2(String user, String password, Random r) {
        byte[] challenge = new byte[16];
        byte[] peer = new byte[16];
        r.nextBytes(challenge);
        r.nextBytes(peer);
        byte[] hash = MsChapCrypto.ntPasswordHash(password.toCharArray());
        byte[] nt = MsChapCrypto.generateNtResponse(challenge, peer, user, hash);
        return new MsChapV2Login(new AccessRequestSpec(user, new RadiusCredentials.MsChapV2(17, challenge.clone(),
                MsChapV2Method.responseValue(peer, nt)), 1, Optional.of("192.0.2.20")), challenge, peer, nt, hash);
    }

    @Test
    void everyMethodAgainstFreeRadius() throws Exception {
        try (Netns ns = Netns.create();
             FreeRadius fr = FreeRadius.builder(ns).client("192.0.2.0/24", SECRET)
                     .user("alice", "alice-pass", "Framed-IP-Address := 192.0.2.77", "Session-Timeout := 3600",
                             "Reply-Message := \"Welcome\"")
                     .start()) {
            RadiusClientConf conf = conf(fr.address(), 2, 2);
            RadiusAuthClient[] c = new RadiusAuthClient[1];
            Random r = new Random(1);

            // MS-CHAPv2: keys and authenticator response as RFC 2759 / RFC 3079 derive them locally
            MsChapV2Login login = msChapV2("alice", "alice-pass", r);
            RadiusReply reply = ask(ns, c, conf, login.spec());
            assertThat(reply).as(fr.logText()).isInstanceOf(RadiusReply.Accept.class);
            RadiusReply.Accept a = (RadiusReply.Accept) reply;
            String expected = MsChapCrypto.generateAuthenticatorResponse(login.hash(), login.ntResponse(), login.peerChallenge(),
                    login.challenge(), "alice");
            assertThat(a.authenticatorResponse()).contains(expected);
            MppeKeyMaterial local = MppeKeyMaterial.fromMsChapV2(MsChapCrypto.hashNtPasswordHash(login.hash()), login.ntResponse());
            MppeKeyMaterial fromRadius = a.mppeKeys().orElseThrow();
            for (boolean send : new boolean[] {true, false}) {
                assertThat(MessageDigest.isEqual(fromRadius.startKey(send, MppeKeyLength.BITS_128),
                        local.startKey(send, MppeKeyLength.BITS_128))).as("start key send=" + send).isTrue();
            }
            assertThat(a.framedIp()).contains(0xC000024D);
            assertThat(a.sessionTimeout().orElseThrow()).isEqualTo(3600);
            assertThat(a.replyMessage()).contains("Welcome");
            assertThat(c[0].drops()).isEmpty();

            // a wrong password: MS-CHAP-Error E=691
            RadiusReply bad = ask(ns, c, conf, msChapV2("alice", "wrong", r).spec());
            assertThat(bad).isInstanceOf(RadiusReply.Reject.class);
            assertThat(((RadiusReply.Reject) bad).msChapError().orElseThrow()).startsWith("E=691");
            assertThat(((RadiusReply.Reject) bad).errorCode()).isEqualTo(691);

            // PAP, right and wrong
            assertThat(ask(ns, c, conf, new AccessRequestSpec("alice", new RadiusCredentials.Pap(
                    "alice-pass".getBytes(StandardCharsets.UTF_8)), 1, Optional.empty()))).isInstanceOf(RadiusReply.Accept.class);
            assertThat(ask(ns, c, conf, new AccessRequestSpec("alice", new RadiusCredentials.Pap(
                    "nope".getBytes(StandardCharsets.UTF_8)), 1, Optional.empty()))).isInstanceOf(RadiusReply.Reject.class);

            // CHAP-MD5 (RFC 1994: MD5(Identifier + secret + challenge))
            byte[] chal = new byte[16];
            r.nextBytes(chal);
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((byte) 5);
            md5.update("alice-pass".getBytes(StandardCharsets.UTF_8));
            md5.update(chal);
            assertThat(ask(ns, c, conf, new AccessRequestSpec("alice", new RadiusCredentials.ChapMd5(5, chal, md5.digest()), 1,
                    Optional.empty()))).isInstanceOf(RadiusReply.Accept.class);
            assertThat(fr.logText()).doesNotContain("Message-Authenticator is missing");
        }
    }

    @Test
    void withoutMessageAuthenticatorRepliesAreDroppedAndAStoppedServerIsUnreachable() throws Exception {
        try (Netns ns = Netns.create();
             FreeRadius fr = FreeRadius.builder(ns).client("192.0.2.0/24", SECRET).user("alice", "alice-pass")
                     .messageAuthenticator(false).start()) {
            RadiusClientConf conf = conf(fr.address(), 1, 2);
            RadiusAuthClient[] c = new RadiusAuthClient[1];
            RadiusReply reply = ask(ns, c, conf, msChapV2("alice", "alice-pass", new Random(2)).spec());
            // Debian 12's FreeRADIUS (3.2.1) sends no Message-Authenticator unless told: every reply dropped
            assertThat(reply).isInstanceOf(RadiusReply.Unreachable.class);
            assertThat(c[0].drops().get(RadiusDrop.NO_MESSAGE_AUTHENTICATOR)).isEqualTo(2L);
            // the opt-out trusts them
            assertThat(ask(ns, c, conf.withRequireMessageAuthenticator(false), msChapV2("alice", "alice-pass", new Random(3)).spec()))
                    .isInstanceOf(RadiusReply.Accept.class);

            fr.stop();
            long start = System.nanoTime();
            RadiusReply down = ask(ns, c, conf, msChapV2("alice", "alice-pass", new Random(4)).spec());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(down).isInstanceOf(RadiusReply.Unreachable.class);
            assertThat(((RadiusReply.Unreachable) down).reason()).contains("the authentication service is unreachable");
            assertThat(millis).isBetween(1_900L, 6_000L);
        }
    }

    /**
     * Accounting (RFC 2866) into FreeRADIUS's detail file: Accounting-On, Start, Interim-Update, Stop with octets
     * and gigawords, each answered (so its Request Authenticator was right); then radclient's Disconnect-Request
     * (RFC 5176) into the dynamic authorization core, answered with a Disconnect-ACK radclient accepts.
     */
    @Test
    void accountingIntoTheDetailFileAndRadclientsDisconnect() throws Exception {
        try (Netns ns = Netns.create();
             FreeRadius fr = FreeRadius.builder(ns).client("192.0.2.0/24", SECRET).user("alice", "alice-pass").accounting().start()) {
            RadiusClientConf conf = new RadiusClientConf(Path.of("radiusclient.conf"), List.of(new RadiusServer(fr.address(), 1812,
                    Secret.ofPassword(SECRET.toCharArray()), "radiusclient.conf", 1)), List.of(new RadiusServer(fr.address(),
                    fr.port() + 1, Secret.ofPassword(SECRET.toCharArray()), "radiusclient.conf", 2)), 2, 2, Optional.empty(),
                    Optional.empty(), Optional.empty(), new RadiusPlugin("options", 1, Path.of("radiusclient.conf"), List.of()));
            long big = (1L << 32) + 1000;
            io.pptp2wg.session.SessionCounters usage = new io.pptp2wg.session.SessionCounters(big, 2000, 30, 40);
            RadiusAcctClient acct = ns.call(() -> {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ns.bridgeAddress(), 0))) {
                    InetSocketAddress to = new InetSocketAddress(fr.address(), fr.port() + 1);
                    RadiusAcctClient c = new RadiusAcctClient(conf, "lab-gw", java.util.OptionalInt.of(0xC0000201), List.of(),
                            new SecureRandom(), (i, d) -> {
                                try {
                                    s.send(new DatagramPacket(d, d.length, to));
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }, n -> { });
                    long t0 = System.nanoTime();
                    c.accountingOn(t0);
                    c.start(new io.pptp2wg.radius.AcctSession("LAB-1", "alice", List.of(), Optional.of("198.51.100.7"),
                            0xC0000264, 3, t0, 1_000_000_000L, () -> usage), t0);
                    byte[] buf = new byte[4096];
                    long until = t0 + 20_000_000_000L;
                    boolean stopped = false;
                    while (System.nanoTime() - until < 0 && !(stopped && c.idle())) {
                        if (!stopped && c.answered().get(io.pptp2wg.radius.AcctStatus.INTERIM_UPDATE) >= 1) {
                            c.stop("LAB-1", io.pptp2wg.radius.TerminateCause.USER_REQUEST, System.nanoTime());
                            stopped = true;
                        }
                        long d = c.deadline();
                        long wait = d == Long.MAX_VALUE ? 200 : Math.max(1, (d - System.nanoTime()) / 1_000_000);
                        s.setSoTimeout((int) Math.min(wait, 200));
                        try {
                            DatagramPacket p = new DatagramPacket(buf, buf.length);
                            s.receive(p);
                            c.receive(0, Arrays.copyOf(p.getData(), p.getLength()), System.nanoTime());
                        } catch (SocketTimeoutException e) {
                            c.poll(System.nanoTime());
                        }
                    }
                    return c;
                }
            });
            assertThat(acct.idle()).as(fr.logText()).isTrue();
            assertThat(acct.drops()).isEmpty();
            assertThat(acct.givenUp().values()).allMatch(v -> v == 0);
            var records = fr.detailRecords();
            assertThat(records).extracting(r -> r.get("Acct-Status-Type"))
                    .as(fr.logText()).containsSubsequence("Accounting-On", "Start", "Interim-Update", "Stop");
            var stop = records.stream().filter(r -> "Stop".equals(r.get("Acct-Status-Type"))).findFirst().orElseThrow();
            assertThat(stop).containsEntry("Acct-Session-Id", "LAB-1").containsEntry("User-Name", "alice")
                    .containsEntry("Acct-Input-Octets", "1000").containsEntry("Acct-Input-Gigawords", "1")
                    .containsEntry("Acct-Output-Octets", "2000").containsEntry("Acct-Terminate-Cause", "User-Request")
                    .containsEntry("NAS-Port-Type", "Virtual").containsEntry("Framed-IP-Address", "192.0.2.100")
                    .containsEntry("NAS-IP-Address", "192.0.2.1").containsEntry("Calling-Station-Id", "198.51.100.7");

            // RFC 5176: radclient's Disconnect-Request into the core, the answer back to radclient
            String daeSecret = "lab-dae-secret";
            var alice = new java.util.concurrent.atomic.AtomicInteger();
            io.pptp2wg.radius.DynamicAuthServer dae = new io.pptp2wg.radius.DynamicAuthServer(List.of(new io.pptp2wg.radius.DaeClient(
                    java.net.InetAddress.getByName(ns.bridgeAddress()).getAddress(), ns.bridgeAddress(),
                    daeSecret.getBytes(StandardCharsets.US_ASCII))), "lab-gw", java.util.OptionalInt.empty(),
                    m -> m.matches("LAB-2", "alice", 0xC0000264, "198.51.100.7", 3) ? List.of(new io.pptp2wg.radius.DaeTarget() {
                        @Override
                        public void disconnect(String why) {
                            alice.incrementAndGet();
                        }

                        @Override
                        public void sessionTimeout(int seconds) {
                        }
                    }) : List.of(), n -> { });
            String out = ns.call(() -> {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ns.bridgeAddress(), 3799))) {
                    s.setSoTimeout(10_000);
                    java.nio.file.Path in = java.nio.file.Files.createTempFile("dae", ".txt");
                    java.nio.file.Files.writeString(in, "Acct-Session-Id = \"LAB-2\"\nUser-Name = \"alice\"\n");
                    var radclient = ns.start("radclient", "radclient", "-x", "-r", "1", "-t", "5", "-f", in.toString(),
                            ns.bridgeAddress() + ":3799", "disconnect", daeSecret);
                    byte[] buf = new byte[4096];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    byte[] reply = dae.receive(p.getAddress().getAddress(), Arrays.copyOf(p.getData(), p.getLength()), System.nanoTime(),
                            System.currentTimeMillis() / 1000);
                    s.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    radclient.awaitExit(java.time.Duration.ofSeconds(10));
                    return radclient.logText();
                }
            });
            assertThat(out).contains("Received Disconnect-ACK");
            assertThat(alice.get()).isEqualTo(1);
        }
    }
}
