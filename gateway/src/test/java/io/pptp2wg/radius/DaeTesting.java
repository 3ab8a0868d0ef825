package io.pptp2wg.radius;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** A RADIUS server's side of RFC 5176 for the tests: requests signed as radclient signs them, a session table. */
public final class DaeTesting {
    public static final String SECRET = "dae-test-secret";
    static final byte[] CLIENT = {(byte) 192, 0, 2, 10};

    private DaeTesting() {}

    /** A request with these attributes (type, value), its Request Authenticator written; MA first when asked. */
    public static byte[] request(int code, int id, boolean withMa, String secret, Object... typeValue) {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        if (withMa) {
            attrs.write(RadiusWire.MESSAGE_AUTHENTICATOR);
            attrs.write(18);
            attrs.writeBytes(new byte[16]);
        }
        for (int i = 0; i < typeValue.length; i += 2) {
            byte[] v = switch (typeValue[i + 1]) {
                case String s -> s.getBytes(StandardCharsets.UTF_8);
                case Integer n -> new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) (int) n};
                case byte[] b -> b;
                default -> throw new IllegalArgumentException();
            };
            attrs.write((Integer) typeValue[i]);
            attrs.write(2 + v.length);
            attrs.writeBytes(v);
        }
        byte[] a = attrs.toByteArray();
        byte[] p = new byte[20 + a.length];
        p[0] = (byte) code;
        p[1] = (byte) id;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        System.arraycopy(a, 0, p, 20, a.length);
        byte[] s = secret.getBytes(StandardCharsets.US_ASCII);
        if (withMa) {
            byte[] mac = RadiusPackets.hmac(p, 22, s, new byte[16]);
            System.arraycopy(mac, 0, p, 22, 16);
        }
        RadiusPackets.signRequest(p, s);
        return p;
    }

    /** One live session the server may act on, recording what was done to it. */
    static final class FakeSession implements DaeTarget {
        final String sessionId;
        final String user;
        final int ip;
        final List<String> disconnects = new ArrayList<>();
        final List<Integer> timeouts = new ArrayList<>();

        FakeSession(String sessionId, String user, int ip) {
            this.sessionId = sessionId;
            this.user = user;
            this.ip = ip;
        }

        @Override
        public void disconnect(String why) {
            disconnects.add(why);
        }

        @Override
        public void sessionTimeout(int seconds) {
            timeouts.add(seconds);
        }
    }

    static DynamicAuthServer server(List<FakeSession> live, List<String> notes) {
        return new DynamicAuthServer(List.of(new DaeClient(CLIENT.clone(), "192.0.2.10", SECRET.getBytes(StandardCharsets.US_ASCII))),
                "gw1", OptionalInt.of(0xC0000201), m -> live.stream()
                .filter(s -> m.matches(s.sessionId, s.user, s.ip, "198.51.100.7", 3)).map(s -> (DaeTarget) s).toList(), notes::add);
    }

    static long errorCause(byte[] reply) {
        return RadiusPackets.attributes(reply).stream().filter(a -> a.type() == RadiusWire.ERROR_CAUSE)
                .mapToLong(a -> RadiusPackets.integer(a.value())).findFirst().orElse(-1);
    }
}
