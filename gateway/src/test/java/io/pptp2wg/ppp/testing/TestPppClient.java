package io.pptp2wg.ppp.testing;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.mppe.MppeDecryptor;
import io.pptp2wg.mppe.MppeEncryptor;
import io.pptp2wg.mppe.MppeHeader;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.auth.ChapMd5Method;
import io.pptp2wg.ppp.auth.MsChapCrypto;
import io.pptp2wg.ppp.auth.MsChapV1Method;
import io.pptp2wg.ppp.auth.MsChapV2Method;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deliberately simple PPP client for tests, written separately from the server's automaton and
 * imitating the option choices of pppd 2.4.9 as a PPTP client (see shared/interop/pptp-vm/README.md):
 * LCP {@code <mru 1400> <asyncmap 0x0> <magic> <pcomp> <accomp>}; Naks an authentication method it
 * refuses with the first it accepts (MS-CHAPv2, MS-CHAPv1, CHAP-MD5, PAP); MPPE always requested
 * stateless, stateful accepted only with {@code mppe-stateful} (pppd's ccp.c rules, including its
 * Reject of a stateful request); IPCP {@code <compress VJ 0f 01> <addr 0.0.0.0>} and, with MPPE,
 * only after CCP is up; an IPV6CP request; answers Echo; Reset-Request on MPPE loss. No timers.
 */
public final class TestPppClient {
    public static final int LCP = 0xC021, PAP = 0xC023, CHAP = 0xC223, IPCP = 0x8021, IPV6CP = 0x8057, CCP = 0x80FD;
    public static final int IP = 0x0021, COMP = 0x00FD;
    private static final int H = 0x01000000, M = 0x80, S = 0x40, L = 0x20, D = 0x10, C = 0x01;

    /** pppd's options as a client. */
    public static final class Settings {
        public String user = "test";
        public String password = "test";
        /** The methods not refused (refuse-*), in pppd's preference order. */
        public List<AuthProtocol> accepts = List.of(AuthProtocol.MSCHAP_V2, AuthProtocol.MSCHAP_V1,
                AuthProtocol.CHAP_MD5, AuthProtocol.PAP);
        /** require-mppe(-128/-40). */
        public boolean mppe = true;
        public Set<MppeKeyLength> mppeLengths = EnumSet.of(MppeKeyLength.BITS_128);
        /** mppe-stateful. */
        public boolean mppeStateful;
        public boolean usePeerDns = true;
        /** Windows-like: answer an MS-CHAP Failure with R=1 by retrying with this password. */
        public String retryPassword;
    }

    private final Settings s;
    private final Random random;
    public final List<byte[]> toServer = new ArrayList<>();
    public final List<byte[]> ips = new ArrayList<>();
    public final List<String> log = new ArrayList<>();
    private int nextId = 1;

    // LCP
    private int magic;
    private boolean lcpOurAcked, lcpTheirAcked;
    private int lcpReqId;
    private byte[] lcpOptions;
    private boolean peerPfc, peerAcfc;
    private AuthProtocol auth;
    public boolean lcpOpened;
    public boolean terminated;
    public String terminateReason;
    public int protocolRejects;
    public int echoRepliesSent;

    // auth
    private byte[] peerChallenge;
    private byte[] ntResponse;
    private byte[] authChallenge;
    private byte[] passwordHash;
    private String expectedAuthenticatorResponse;
    public boolean authenticated;
    public String authFailure;
    private boolean retried;

    // CCP
    private int ccpOurBits;
    private boolean ccpDeflate;
    private int ccpReqId;
    private boolean ccpOurAcked, ccpTheirAcked;
    private int ccpTheirBits;
    public boolean ccpOpened;
    public MppeEncryptor encryptor;
    public MppeDecryptor decryptor;
    public int resetRequestsSent;
    public int resetAcksReceived;

    // IPCP
    private boolean ipcpStarted;
    private int ipcpReqId;
    private boolean ipcpOurAcked, ipcpTheirAcked;
    private boolean askVj = true;
    private int addr;
    private boolean askDns;
    private int dns1, dns2;
    public int localAddress, remoteAddress;
    public boolean ipcpOpened;

    public TestPppClient(Settings settings, long seed) {
        this.s = settings;
        this.random = new Random(seed);
        this.askDns = settings.usePeerDns;
    }

    public String mppeMode() {
        if (encryptor == null) {
            return "none";
        }
        return decryptor.strength().bits() + "-bit " + (decryptor.stateful() ? "stateful" : "stateless");
    }

    public String encryptMode() {
        return encryptor == null ? "none" : encryptor.strength().bits() + "-bit " + (encryptor.stateful() ? "stateful" : "stateless");
    }

    public AuthProtocol auth() {
        return auth;
    }

    public int dns1() {
        return dns1;
    }

    public int dns2() {
        return dns2;
    }

    // ---- output ----

    private void send(int protocol, byte[] packet) {
        boolean lcp = protocol == LCP;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!(peerAcfc && !lcp)) {
            b.write(0xFF);
            b.write(0x03);
        }
        if (peerPfc && !lcp && protocol < 0x100) {
            b.write(protocol);
        } else {
            b.write(protocol >> 8);
            b.write(protocol);
        }
        b.writeBytes(packet);
        toServer.add(b.toByteArray());
    }

    private static byte[] packet(int code, int id, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + data.length);
        b.put((byte) code).put((byte) id).putShort((short) (4 + data.length)).put(data);
        return b.array();
    }

    private static byte[] opt(int type, byte[] value) {
        byte[] o = new byte[2 + value.length];
        o[0] = (byte) type;
        o[1] = (byte) o.length;
        System.arraycopy(value, 0, o, 2, value.length);
        return o;
    }

    private static byte[] be(int v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >> (8 * (n - 1 - i)));
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    // ---- LCP ----

    public void start() {
        magic = random.nextInt() | 1;
        lcpOptions = concat(opt(1, be(1400, 2)), opt(2, be(0, 4)), opt(5, be(magic, 4)), opt(7, new byte[0]),
                opt(8, new byte[0]));
        sendLcpRequest();
    }

    private void sendLcpRequest() {
        lcpReqId = nextId++;
        send(LCP, packet(1, lcpReqId, lcpOptions));
    }

    public void receive(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        if (b.remaining() >= 2 && (b.get(0) & 0xff) == 0xFF) {
            b.position(2);
        }
        int first = b.get() & 0xff;
        int protocol = (first & 1) == 1 ? first : (first << 8) | (b.get() & 0xff);
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        switch (protocol) {
            case LCP -> lcp(rest);
            case CHAP -> chap(rest);
            case PAP -> pap(rest);
            case CCP -> ccp(rest);
            case IPCP -> ipcp(rest);
            case COMP -> encrypted(rest);
            case IP -> {
                if (encryptor == null) {
                    ips.add(rest);
                } else {
                    log.add("unencrypted IP while MPPE is on");
                }
            }
            default -> log.add("unexpected protocol " + Integer.toHexString(protocol));
        }
    }

    private record Opt(int type, byte[] value, byte[] raw) {}

    private static List<Opt> options(byte[] data, int from, int to) {
        List<Opt> list = new ArrayList<>();
        int p = from;
        while (p + 2 <= to) {
            int len = data[p + 1] & 0xff;
            if (len < 2 || p + len > to) {
                break;
            }
            byte[] raw = java.util.Arrays.copyOfRange(data, p, p + len);
            list.add(new Opt(data[p] & 0xff, java.util.Arrays.copyOfRange(data, p + 2, p + len), raw));
            p += len;
        }
        return list;
    }

    private void lcp(byte[] p) {
        int code = p[0] & 0xff, id = p[1] & 0xff, len = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        switch (code) {
            case 1 -> {
                ByteArrayOutputStream naks = new ByteArrayOutputStream(), rejs = new ByteArrayOutputStream();
                AuthProtocol asked = null;
                boolean pfc = false, acfc = false;
                for (Opt o : options(p, 4, len)) {
                    switch (o.type) {
                        case 1, 2, 5 -> { }
                        case 3 -> {
                            asked = authOf(o.value);
                            if (asked == null || !s.accepts.contains(asked)) {
                                naks.writeBytes(opt(3, authBytes(s.accepts.getFirst())));
                            }
                        }
                        case 7 -> pfc = true;
                        case 8 -> acfc = true;
                        default -> rejs.writeBytes(o.raw);
                    }
                }
                if (rejs.size() > 0) {
                    send(LCP, packet(4, id, rejs.toByteArray()));
                } else if (naks.size() > 0) {
                    send(LCP, packet(3, id, naks.toByteArray()));
                } else {
                    auth = asked;
                    send(LCP, packet(2, id, java.util.Arrays.copyOfRange(p, 4, len)));
                    lcpTheirAcked = true;
                    peerPfc = pfc;
                    peerAcfc = acfc;
                    lcpMaybeUp();
                }
            }
            case 2 -> {
                if (id == lcpReqId) {
                    lcpOurAcked = true;
                    lcpMaybeUp();
                }
            }
            case 3, 4 -> {
                if (id == lcpReqId) {
                    log.add("LCP " + (code == 3 ? "Nak" : "Rej") + " of our request");
                    sendLcpRequest();
                }
            }
            case 5 -> {
                terminated = true;
                terminateReason = new String(p, 4, len - 4, StandardCharsets.ISO_8859_1);
                send(LCP, packet(6, id, new byte[0]));
            }
            case 6 -> terminated = true;
            case 8 -> protocolRejects++;
            case 9 -> {
                byte[] data = java.util.Arrays.copyOfRange(p, 4, len);
                System.arraycopy(be(magic, 4), 0, data, 0, 4);
                send(LCP, packet(10, id, data));
                echoRepliesSent++;
            }
            default -> { }
        }
    }

    private static AuthProtocol authOf(byte[] v) {
        if (v.length == 2 && (((v[0] & 0xff) << 8) | (v[1] & 0xff)) == PAP) {
            return AuthProtocol.PAP;
        }
        if (v.length == 3 && (((v[0] & 0xff) << 8) | (v[1] & 0xff)) == CHAP) {
            return switch (v[2] & 0xff) {
                case 0x81 -> AuthProtocol.MSCHAP_V2;
                case 0x80 -> AuthProtocol.MSCHAP_V1;
                case 0x05 -> AuthProtocol.CHAP_MD5;
                default -> null;
            };
        }
        return null;
    }

    private static byte[] authBytes(AuthProtocol a) {
        return switch (a) {
            case PAP -> be(PAP, 2);
            case CHAP_MD5 -> concat(be(CHAP, 2), new byte[] {5});
            case MSCHAP_V1 -> concat(be(CHAP, 2), new byte[] {(byte) 0x80});
            case MSCHAP_V2 -> concat(be(CHAP, 2), new byte[] {(byte) 0x81});
        };
    }

    private void lcpMaybeUp() {
        if (lcpOpened || !lcpOurAcked || !lcpTheirAcked) {
            return;
        }
        lcpOpened = true;
        log.add("LCP up, auth " + auth);
        if (auth == AuthProtocol.PAP) {
            byte[] u = s.user.getBytes(StandardCharsets.UTF_8), pw = s.password.getBytes(StandardCharsets.UTF_8);
            send(PAP, packet(1, nextId++, concat(new byte[] {(byte) u.length}, u, new byte[] {(byte) pw.length}, pw)));
        } else if (auth == null) {
            networkPhase();
        }
    }

    /** The client's own Terminate-Request (pppd: "User request"). */
    public void hangUp(String reason) {
        send(LCP, packet(5, nextId++, reason.getBytes(StandardCharsets.US_ASCII)));
    }

    /** An LCP Echo-Request from the client. */
    public void echo() {
        send(LCP, packet(9, nextId++, be(magic, 4)));
    }

    // ---- authentication ----

    private void chap(byte[] p) {
        int code = p[0] & 0xff, id = p[1] & 0xff, len = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        String msg = new String(p, 4, len - 4, StandardCharsets.ISO_8859_1);
        switch (code) {
            case 1 -> {
                int vs = p[4] & 0xff;
                authChallenge = java.util.Arrays.copyOfRange(p, 5, 5 + vs);
                respond(id, s.password);
            }
            case 3 -> {
                if (auth == AuthProtocol.MSCHAP_V2 && !msg.startsWith(expectedAuthenticatorResponse)) {
                    authFailure = "MS-CHAPv2 mutual authentication failed";
                    hangUp("Failed to authenticate ourselves to peer");
                    return;
                }
                authenticated = true;
                log.add("CHAP authentication succeeded: " + msg);
                networkPhase();
            }
            case 4 -> {
                authFailure = msg;
                log.add("CHAP authentication failed: " + msg);
                int c = msg.indexOf(" C=");
                if (s.retryPassword != null && !retried && msg.contains(" R=1") && c >= 0) {
                    retried = true;
                    int hexLen = auth == AuthProtocol.MSCHAP_V2 ? 32 : 16;
                    authChallenge = HexFormat.of().parseHex(msg.substring(c + 3, c + 3 + hexLen));
                    respond((id + 1) & 0xff, s.retryPassword);
                } else {
                    hangUp("Failed to authenticate ourselves to peer");
                }
            }
            default -> { }
        }
    }

    private void respond(int id, String password) {
        byte[] name = s.user.getBytes(StandardCharsets.UTF_8);
        byte[] value;
        switch (auth) {
            case MSCHAP_V2 -> {
                peerChallenge = new byte[16];
                random.nextBytes(peerChallenge);
                passwordHash = MsChapCrypto.ntPasswordHash(password.toCharArray());
                ntResponse = MsChapCrypto.generateNtResponse(authChallenge, peerChallenge, s.user, passwordHash);
                expectedAuthenticatorResponse = MsChapCrypto.generateAuthenticatorResponse(passwordHash, ntResponse,
                        peerChallenge, authChallenge, s.user);
                value = MsChapV2Method.responseValue(peerChallenge, ntResponse);
            }
            case MSCHAP_V1 -> {
                passwordHash = MsChapCrypto.ntPasswordHash(password.toCharArray());
                value = MsChapV1Method.responseValue(MsChapCrypto.challengeResponse(authChallenge, passwordHash));
            }
            case CHAP_MD5 -> value = ChapMd5Method.response(id, password.getBytes(StandardCharsets.UTF_8), authChallenge);
            default -> throw new IllegalStateException("not CHAP: " + auth);
        }
        send(CHAP, packet(2, id, concat(new byte[] {(byte) value.length}, value, name)));
    }

    private void pap(byte[] p) {
        int code = p[0] & 0xff;
        if (code == 2) {
            authenticated = true;
            networkPhase();
        } else if (code == 3) {
            authFailure = new String(p, 5, p[4] & 0xff, StandardCharsets.ISO_8859_1);
            hangUp("Failed to authenticate ourselves to peer");
        }
    }

    private void networkPhase() {
        if (s.mppe) {
            ccpOurBits = H;
            for (MppeKeyLength k : s.mppeLengths) {
                ccpOurBits |= k == MppeKeyLength.BITS_128 ? S : k == MppeKeyLength.BITS_40 ? L : M;
            }
        } else {
            ccpDeflate = true;
        }
        sendCcpRequest();
        if (!s.mppe) {
            startIpcp();
        }
    }

    // ---- CCP ----

    private void sendCcpRequest() {
        ccpReqId = nextId++;
        byte[] o = ccpOurBits != 0 ? opt(18, be(ccpOurBits, 4)) : ccpDeflate ? opt(26, new byte[] {0x78, 0x00}) : new byte[0];
        send(CCP, packet(1, ccpReqId, o));
    }

    private void ccp(byte[] p) {
        int code = p[0] & 0xff, id = p[1] & 0xff, len = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        switch (code) {
            case 1 -> ccpRequest(p, id, len);
            case 2 -> {
                if (id == ccpReqId) {
                    ccpOurAcked = true;
                    ccpMaybeUp();
                }
            }
            case 3 -> {
                if (id != ccpReqId) {
                    return;
                }
                for (Opt o : options(p, 4, len)) {
                    if (o.type == 18 && ccpOurBits != 0) {
                        int t = ByteBuffer.wrap(o.value).getInt();
                        if ((t & H) == 0 && !s.mppeStateful) {
                            fail("Refusing MPPE stateful mode offered by peer");
                            return;
                        }
                        if ((t & ~H & ~ccpOurBits) != 0) {
                            fail("MPPE required but peer negotiation failed");
                            return;
                        }
                        ccpOurBits = t;
                    }
                }
                sendCcpRequest();
            }
            case 4 -> {
                if (id != ccpReqId) {
                    return;
                }
                if (ccpOurBits != 0) {
                    fail("MPPE required but peer refused");
                    return;
                }
                ccpDeflate = false;
                sendCcpRequest();
            }
            case 5 -> send(CCP, packet(6, id, new byte[0]));
            case 14 -> {
                if (encryptor != null) {
                    encryptor.resetRequested();
                }
                send(CCP, packet(15, id, new byte[0]));
            }
            case 15 -> resetAcksReceived++;
            default -> { }
        }
    }

    private void ccpRequest(byte[] p, int id, int len) {
        ByteArrayOutputStream naks = new ByteArrayOutputStream(), rejs = new ByteArrayOutputStream();
        int theirs = 0;
        for (Opt o : options(p, 4, len)) {
            if (o.type != 18 || !s.mppe || o.value.length != 4) {
                rejs.writeBytes(o.raw);
                continue;
            }
            int b = ByteBuffer.wrap(o.value).getInt();
            int allowed = 0;
            for (MppeKeyLength k : s.mppeLengths) {
                allowed |= k == MppeKeyLength.BITS_128 ? S : k == MppeKeyLength.BITS_40 ? L : 0;
            }
            boolean nak = false;
            if ((b & (M | C | D)) != 0 || (b & ~(H | S | L | M | C | D)) != 0) {
                nak = true;
                b &= H | S | L;
            }
            if ((b & H) == 0 && !s.mppeStateful) {
                rejs.writeBytes(o.raw); // pppd rejects a stateful request it refuses, and then gives up
                fail("MPPE required but peer negotiation failed");
                continue;
            }
            if ((b & S) != 0 && (b & L) != 0) {
                nak = true;
                b &= (allowed & S) != 0 ? ~L : ~S;
            } else if ((b & (S | L)) == 0) {
                nak = true;
                b |= allowed;
            } else if ((b & allowed & (S | L)) == 0) {
                rejs.writeBytes(o.raw);
                continue;
            }
            if (nak) {
                naks.writeBytes(opt(18, be(b, 4)));
            } else {
                theirs = b;
            }
        }
        if (rejs.size() > 0) {
            send(CCP, packet(4, id, rejs.toByteArray()));
        } else if (naks.size() > 0) {
            send(CCP, packet(3, id, naks.toByteArray()));
        } else {
            ccpTheirBits = theirs;
            ccpTheirAcked = true;
            send(CCP, packet(2, id, java.util.Arrays.copyOfRange(p, 4, len)));
            ccpMaybeUp();
        }
    }

    private void ccpMaybeUp() {
        if (ccpOpened || !ccpOurAcked || !ccpTheirAcked) {
            return;
        }
        ccpOpened = true;
        if (s.mppe) {
            if (ccpTheirBits == 0 || ccpOurBits == 0) {
                fail("MPPE required but peer negotiation failed");
                return;
            }
            MppeKeyLength sendLen = length(ccpTheirBits), recvLen = length(ccpOurBits);
            byte[] hashHash = MsChapCrypto.hashNtPasswordHash(passwordHash);
            MppeKeyMaterial keys = auth == AuthProtocol.MSCHAP_V2
                    ? MppeKeyMaterial.fromMsChapV2(hashHash, ntResponse, false)
                    : MppeKeyMaterial.fromMsChapV1(hashHash, authChallenge);
            byte[] sendKey = keys.startKey(true, sendLen);
            byte[] recvKey = keys.startKey(false, recvLen);
            keys.destroy();
            encryptor = new MppeEncryptor(sendKey, sendLen, (ccpTheirBits & H) == 0);
            decryptor = new MppeDecryptor(recvKey, recvLen, (ccpOurBits & H) == 0);
            log.add("MPPE " + mppeMode() + " compression enabled");
            startIpcp();
        }
    }

    private static MppeKeyLength length(int bits) {
        return (bits & S) != 0 ? MppeKeyLength.BITS_128 : (bits & M) != 0 ? MppeKeyLength.BITS_56 : MppeKeyLength.BITS_40;
    }

    private void fail(String reason) {
        log.add(reason);
        if (!terminated) {
            terminated = true;
            terminateReason = reason;
            hangUp(reason);
        }
    }

    // ---- IPCP ----

    private void startIpcp() {
        if (ipcpStarted) {
            return;
        }
        ipcpStarted = true;
        sendIpcpRequest();
        // pppd also opens IPV6CP; the server must Protocol-Reject it
        send(IPV6CP, packet(1, nextId++, opt(1, be(0x12345678, 8))));
    }

    private void sendIpcpRequest() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (askVj) {
            o.writeBytes(opt(2, new byte[] {0x00, 0x2d, 0x0f, 0x01}));
        }
        o.writeBytes(opt(3, be(addr, 4)));
        if (askDns) {
            o.writeBytes(opt(129, be(dns1, 4)));
            o.writeBytes(opt(131, be(dns2, 4)));
        }
        ipcpReqId = nextId++;
        send(IPCP, packet(1, ipcpReqId, o.toByteArray()));
    }

    private void ipcp(byte[] p) {
        int code = p[0] & 0xff, id = p[1] & 0xff, len = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        switch (code) {
            case 1 -> {
                for (Opt o : options(p, 4, len)) {
                    if (o.type == 3) {
                        remoteAddress = ByteBuffer.wrap(o.value).getInt();
                    }
                }
                ipcpTheirAcked = true;
                send(IPCP, packet(2, id, java.util.Arrays.copyOfRange(p, 4, len)));
                ipcpMaybeUp();
            }
            case 2 -> {
                if (id == ipcpReqId) {
                    ipcpOurAcked = true;
                    localAddress = addr;
                    ipcpMaybeUp();
                }
            }
            case 3 -> {
                if (id != ipcpReqId) {
                    return;
                }
                for (Opt o : options(p, 4, len)) {
                    int v = o.value.length == 4 ? ByteBuffer.wrap(o.value).getInt() : 0;
                    switch (o.type) {
                        case 3 -> addr = v;
                        case 129 -> dns1 = v;
                        case 131 -> dns2 = v;
                        default -> { }
                    }
                }
                sendIpcpRequest();
            }
            case 4 -> {
                if (id != ipcpReqId) {
                    return;
                }
                for (Opt o : options(p, 4, len)) {
                    if (o.type == 2) {
                        askVj = false;
                    } else if (o.type == 129 || o.type == 131) {
                        askDns = false;
                    }
                }
                sendIpcpRequest();
            }
            case 5 -> send(IPCP, packet(6, id, new byte[0]));
            default -> { }
        }
    }

    private void ipcpMaybeUp() {
        if (!ipcpOpened && ipcpOurAcked && ipcpTheirAcked) {
            ipcpOpened = true;
            log.add("IPCP up: local " + localAddress + " remote " + remoteAddress);
        }
    }

    // ---- data ----

    public boolean networkUp() {
        return ipcpOpened && (!s.mppe || encryptor != null);
    }

    public void sendIp(byte[] ip) {
        if (encryptor != null) {
            byte[] buf = new byte[2 + 2 + ip.length];
            buf[2] = 0;
            buf[3] = 0x21;
            System.arraycopy(ip, 0, buf, 4, ip.length);
            int n = encryptor.seal(buf, 0, 2 + ip.length);
            send(COMP, java.util.Arrays.copyOf(buf, n));
        } else {
            send(IP, ip);
        }
    }

    private void encrypted(byte[] p) {
        if (decryptor == null) {
            log.add("MPPE packet without MPPE");
            return;
        }
        MppeDecryptor.Result r = decryptor.open(p, 0, p.length);
        if (r == MppeDecryptor.Result.LOST) {
            resetRequestsSent++;
            send(CCP, packet(14, nextId++, new byte[0]));
            return;
        }
        if (r != MppeDecryptor.Result.OK) {
            log.add("MPPE " + r);
            return;
        }
        int q = MppeHeader.LENGTH;
        int protocol;
        if ((p[q] & 1) == 1) {
            protocol = p[q] & 0xff;
            q += 1;
        } else {
            protocol = ((p[q] & 0xff) << 8) | (p[q + 1] & 0xff);
            q += 2;
        }
        if (protocol == IP) {
            ips.add(java.util.Arrays.copyOfRange(p, q, p.length));
        } else {
            log.add("inner protocol " + protocol);
        }
    }
}
