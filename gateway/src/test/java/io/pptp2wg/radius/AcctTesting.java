package io.pptp2wg.radius;

import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.radius.RadiusServer;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.session.SessionCounters;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Pieces of the accounting and dynamic-authorization tests: a configuration, a server's side of the wire. */
final class AcctTesting {
    static final String SECRET = "acct-test-secret";
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private AcctTesting() {}

    static RadiusClientConf conf(int acctServers, int timeoutSeconds, int retries) {
        List<RadiusServer> auth = List.of(new RadiusServer("203.0.113.10", RadiusServer.AUTH_PORT,
                Secret.ofPassword(SECRET.toCharArray()), "radiusclient.conf", 1));
        List<RadiusServer> acct = new ArrayList<>();
        for (int i = 0; i < acctServers; i++) {
            acct.add(new RadiusServer("203.0.113." + (10 + i), RadiusServer.ACCT_PORT, Secret.ofPassword(SECRET.toCharArray()),
                    "radiusclient.conf", 2 + i));
        }
        RadiusPlugin plugin = new RadiusPlugin("options.pptpd", 1, Path.of("radiusclient.conf"), List.of());
        return new RadiusClientConf(Path.of("radiusclient.conf"), auth, acct, timeoutSeconds, retries, Optional.of("gw1"),
                Optional.empty(), Optional.empty(), plugin);
    }

    /** What the accounting client sent: server number and datagram. */
    record Sent(int server, byte[] datagram) {
        int id() {
            return datagram[1] & 0xff;
        }

        Packet decoded() {
            try {
                return new PacketCodec(new StandardDictionary()).decodeRequest(datagram.clone(), SECRET.getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** The first value of attribute {@code type}, raw. */
        byte[] attribute(int type) {
            return RadiusPackets.attributes(datagram).stream().filter(a -> a.type() == type).map(RadiusPackets.Raw::value)
                    .findFirst().orElse(null);
        }

        long integer(int type) {
            return RadiusPackets.integer(attribute(type));
        }

        String text(int type) {
            return new String(attribute(type), StandardCharsets.UTF_8);
        }
    }

    /** A valid Accounting-Response (RFC 2866 §4.2) to {@code request}. */
    static byte[] response(byte[] request, String secret) {
        byte[] r = new byte[RadiusWire.HEADER_LENGTH];
        r[0] = (byte) RadiusWire.ACCOUNTING_RESPONSE;
        r[1] = request[1];
        r[3] = (byte) RadiusWire.HEADER_LENGTH;
        System.arraycopy(md5(r, Arrays.copyOfRange(request, 4, 20), secret), 0, r, 4, 16);
        return r;
    }

    static byte[] md5(byte[] header, byte[] authenticator, String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(header, 0, 4);
            md.update(authenticator);
            md.update(header, 20, header.length - 20);
            md.update(secret.getBytes(StandardCharsets.US_ASCII));
            return md.digest();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static AcctSession session(String id, long startedNanos, long interimNanos, AtomicReference<SessionCounters> usage) {
        return new AcctSession(id, "alice", List.of("class-1".getBytes(StandardCharsets.US_ASCII)), Optional.of("198.51.100.7"),
                0xC0000264, 7, startedNanos, interimNanos, usage::get);
    }
}
