package io.pptp2wg.dhcp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input for the DHCP codec and responder: 100,000 packets, half random bytes behind a plausible IP/UDP
 * header, half mutations of a valid DHCPINFORM (flipped bits, cut short, option lengths rewritten). Nothing may
 * throw or leave the buffer moved, every reply stays within its limit and decodes again.
 */
class DhcpFuzzTest {
    static final int INPUTS = 100_000;

    @Test
    void nothingEscapesAndEveryReplyIsWellFormed() {
        SplittableRandom rnd = new SplittableRandom(0xD4C9L);
        DhcpResponder responder = new DhcpResponder(new DhcpSettings(true, DhcpResponderTest.ROUTES, List.of(1, 2),
                List.of(3), Optional.of("example.org"), 1400), InformPackets.LOCAL);
        byte[] out = new byte[4096];
        Map<DhcpMalformed, Integer> refused = new EnumMap<>(DhcpMalformed.class);
        int answered = 0;
        int ignored = 0;
        int notDhcp = 0;
        for (int i = 0; i < INPUTS; i++) {
            ByteBuffer in = ByteBuffer.wrap(i % 2 == 0 ? random(rnd) : mutated(rnd));
            int pos = in.position();
            int lim = in.limit();
            if (!responder.isForServer(in)) {
                notDhcp++;
                continue;
            }
            switch (responder.answer(in, InformPackets.CLIENT, out)) {
                case DhcpResponder.Answered a -> {
                    answered++;
                    assertTrue(a.length() <= 1400 && a.length() >= 28 + Dhcp.MIN_BOOTP_LENGTH, "" + a.length());
                    var routes = InformPackets.options(out, a.length()).get(Dhcp.OPTION_MS_CLASSLESS_STATIC_ROUTES);
                    assertTrue(routes == null || ClasslessRoutes.decode(ByteBuffer.wrap(routes)) != null);
                    var parsed = DhcpRequest.parse(ByteBuffer.wrap(out, 28, a.length() - 28).slice());
                    assertTrue(parsed instanceof DhcpRequest.Malformed m && m.reason() == DhcpMalformed.NOT_A_REQUEST);
                }
                case DhcpResponder.Ignored x -> ignored++;
                case DhcpResponder.Refused r -> refused.merge(r.reason(), 1, Integer::sum);
            }
            assertEquals(pos, in.position());
            assertEquals(lim, in.limit());
        }
        assertTrue(answered > INPUTS / 20, "the mutations should reach the reply: " + answered);
        assertTrue(refused.size() >= 6, "most refusals seen: " + refused);
        System.out.printf("DHCP fuzz: %d inputs, %d not DHCP, %d answered, %d ignored, refused %s%n", INPUTS, notDhcp,
                answered, ignored, refused);
    }

    private static byte[] random(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(600)];
        rnd.nextBytes(b);
        if (b.length >= 24) { // mostly a plausible header, so that the parser is reached
            b[0] = 0x45;
            b[9] = 17;
            ByteBuffer.wrap(b).putInt(16, rnd.nextBoolean() ? -1 : InformPackets.LOCAL).putShort(22, (short) 67);
        }
        return b;
    }

    private static byte[] mutated(SplittableRandom rnd) {
        byte[][] options = {
                InformPackets.option(Dhcp.OPTION_PARAMETER_REQUEST_LIST, InformPackets.WINDOWS_REQUEST_LIST),
                InformPackets.option(Dhcp.OPTION_MAX_MESSAGE_SIZE, (byte) rnd.nextInt(8), (byte) rnd.nextInt(256)),
                InformPackets.option(12, "HOST".getBytes()), InformPackets.option(60, "MSFT 5.0".getBytes())};
        byte[] bootp = InformPackets.bootp(rnd.nextInt(8) == 0 ? rnd.nextInt(10) : Dhcp.DHCPINFORM,
                rnd.nextInt(4) == 0 ? 0 : InformPackets.CLIENT, options);
        int n = rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            int at = Dhcp.MAGIC_COOKIE_OFFSET + rnd.nextInt(bootp.length - Dhcp.MAGIC_COOKIE_OFFSET);
            bootp[at] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : (byte) (bootp[at] ^ (1 << rnd.nextInt(8)));
        }
        if (rnd.nextInt(6) == 0) {
            bootp = java.util.Arrays.copyOf(bootp, rnd.nextInt(bootp.length + 1));
        }
        byte[] ip = InformPackets.inform(InformPackets.CLIENT, rnd.nextBoolean() ? -1 : InformPackets.LOCAL, 0);
        ip = InformPackets.packet(InformPackets.CLIENT, ByteBuffer.wrap(ip).getInt(16), Dhcp.CLIENT_PORT, bootp);
        if (rnd.nextInt(10) == 0) { // damage the IP/UDP headers too (their checksums then catch most)
            ip[rnd.nextInt(28)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return ip;
    }
}
