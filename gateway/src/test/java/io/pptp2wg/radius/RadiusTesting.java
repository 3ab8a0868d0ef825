package io.pptp2wg.radius;

import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.config.secrets.Secret;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.RawAttribute;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Shared pieces of the RADIUS tests: the Python reference vectors, a fixed Random, a client and a test server's codec. */
final class RadiusTesting {
    private RadiusTesting() {}

    static final HexFormat HEX = HexFormat.of();

    /** vectors.txt, written by vectors.py from the RFCs with Python's hashlib/hmac. */
    static Map<String, byte[]> vectors() {
        try (InputStream in = RadiusTesting.class.getResourceAsStream("/radius/vectors.txt")) {
            Map<String, byte[]> out = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] kv = line.strip().split(" ");
                if (kv.length == 2) {
                    out.put(kv[0], HEX.parseHex(kv[1]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Random whose byte arrays repeat the vectors' Request Authenticator and whose first Identifier is the vectors'. */
    static final class FixedRandom extends Random {
        private final byte[] authenticator;
        private final int firstId;

        FixedRandom(byte[] authenticator, int firstId) {
            this.authenticator = authenticator;
            this.firstId = firstId;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = authenticator[i % authenticator.length];
            }
        }

        @Override
        public int nextInt(int bound) {
            return firstId % bound;
        }
    }

    static RadiusClientConf conf(String secret, int servers, int timeoutSeconds, int retries) {
        List<RadiusServer> list = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            list.add(new RadiusServer("203.0.113." + (10 + i), RadiusServer.AUTH_PORT, Secret.ofPassword(secret.toCharArray()),
                    "radiusclient.conf", 1 + i));
        }
        RadiusPlugin plugin = new RadiusPlugin("options.pptpd", 1, Path.of("radiusclient.conf"), List.of());
        return new RadiusClientConf(Path.of("radiusclient.conf"), list, List.of(), timeoutSeconds, retries,
                Optional.of("gw1"), Optional.empty(), Optional.empty(), plugin);
    }

    /** What the client sent, by server. */
    record Sent(int server, byte[] datagram) {}

    static byte[] msChapV2ResponseValue() {
        byte[] v = new byte[49];
        for (int i = 0; i < 16; i++) {
            v[i] = (byte) (0x50 + i); // Peer-Challenge
        }
        for (int i = 0; i < 24; i++) {
            v[24 + i] = (byte) (0x70 + i); // NT-Response
        }
        return v;
    }

    static AccessRequestSpec msChapV2Login(int chapId) {
        byte[] challenge = new byte[16];
        for (int i = 0; i < 16; i++) {
            challenge[i] = (byte) (0x60 + i);
        }
        return new AccessRequestSpec("alice", new RadiusCredentials.MsChapV2(chapId, challenge, msChapV2ResponseValue()), 3,
                Optional.of("198.51.100.9"));
    }

    /** A reply as a server would send it (aaa4j encodes; Message-Authenticator first unless {@code withMa} is false). */
    static byte[] reply(int code, int id, byte[] requestAuthenticator, String secret, boolean withMa, List<Attribute<?>> attributes)
            throws Exception {
        List<Attribute<?>> all = new ArrayList<>();
        if (withMa) {
            all.add(new MessageAuthenticator());
        }
        all.addAll(attributes);
        return new PacketCodec(new StandardDictionary()).encodeResponse(new Packet(code, all),
                secret.getBytes(StandardCharsets.UTF_8), id, requestAuthenticator);
    }

    static RawAttribute ms(int vendorType, byte[] value) {
        return AccessRequestBuilder.microsoft(vendorType, value);
    }

    /** What a real client sends for MS-CHAPv2 with this password (so that the server can check it). */
    static RadiusCredentials.MsChapV2 clientMsChapV2(String user, String password) {
        byte[] challenge = new byte[16];
        byte[] peer = new byte[16];
        new Random(1).nextBytes(challenge);
        new Random(2).nextBytes(peer);
        byte[] hash = io.pptp2wg.ppp.auth.MsChapCrypto.ntPasswordHash(password.toCharArray());
        byte[] nt = io.pptp2wg.ppp.auth.MsChapCrypto.generateNtResponse(challenge, peer, user, hash);
        return new RadiusCredentials.MsChapV2(9, challenge, io.pptp2wg.ppp.auth.MsChapV2Method.responseValue(peer, nt));
    }
}
