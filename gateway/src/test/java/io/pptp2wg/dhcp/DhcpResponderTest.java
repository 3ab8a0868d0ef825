package io.pptp2wg.dhcp;

import io.pptp2wg.ip.InternetChecksum;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pptp2wg.dhcp.InformPackets.BROADCAST;
import static io.pptp2wg.dhcp.InformPackets.CLIENT;
import static io.pptp2wg.dhcp.InformPackets.LOCAL;
import static io.pptp2wg.dhcp.InformPackets.WINDOWS_REQUEST_LIST;
import static io.pptp2wg.dhcp.InformPackets.inform;
import static io.pptp2wg.dhcp.InformPackets.option;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhcpResponderTest {
    static final List<Ipv4Prefix> ROUTES = List.of(new Ipv4Prefix(0xCB007100, 24), new Ipv4Prefix(0x0A000000, 8),
            new Ipv4Prefix(0xC0000280, 25), new Ipv4Prefix(0xCB00710A, 32));
    static final DhcpSettings SETTINGS = new DhcpSettings(true, ROUTES, List.of(0xC0000235, 0xC0000236),
            List.of(0xC0000237), Optional.of("corp.example"), 1400);

    final DhcpResponder responder = new DhcpResponder(SETTINGS, LOCAL);
    final byte[] out = new byte[4096];

    @Test
    void windowsBroadcastInformGetsAnAckWithRoutesDnsWinsAndDomainOnly() {
        ByteBuffer in = ByteBuffer.wrap(inform(CLIENT, BROADCAST, CLIENT,
                option(Dhcp.OPTION_PARAMETER_REQUEST_LIST, WINDOWS_REQUEST_LIST)));
        assertTrue(responder.isForServer(in));
        var a = assertInstanceOf(DhcpResponder.Answered.class, responder.answer(in, CLIENT, out));
        assertEquals(ROUTES.size(), a.routes());
        ByteBuffer r = ByteBuffer.wrap(out, 0, a.length());
        assertEquals(0, InternetChecksum.checksum(r, 0, 20), "IP header checksum");
        assertEquals(0xFFFF, InternetChecksum.sum(r, 20, a.length() - 20, InternetChecksum.sum(r, 12, 8, 17 + a.length() - 20)),
                "UDP checksum");
        assertEquals(LOCAL, r.getInt(12));
        assertEquals(CLIENT, r.getInt(16), "to the client's address, not broadcast");
        assertEquals(67, r.getShort(20));
        assertEquals(68, r.getShort(22));
        assertEquals(Dhcp.BOOTREPLY, out[28]);
        assertEquals(InformPackets.XID, r.getInt(28 + Dhcp.XID));
        assertEquals(CLIENT, r.getInt(28 + Dhcp.CIADDR));
        assertEquals(0, r.getInt(28 + Dhcp.YIADDR), "never assigns an address");
        assertTrue(a.length() - 28 >= Dhcp.MIN_BOOTP_LENGTH);
        Map<Integer, byte[]> o = InformPackets.options(out, a.length());
        assertEquals(List.of(53, 54, 6, 44, 15, 121, 249), new ArrayList<>(o.keySet()));
        assertArrayEquals(new byte[] {Dhcp.DHCPACK}, o.get(53));
        assertEquals(LOCAL, ByteBuffer.wrap(o.get(54)).getInt());
        assertEquals("corp.example", new String(o.get(15), java.nio.charset.StandardCharsets.US_ASCII));
        for (int code : new int[] {121, 249}) {
            var routes = ClasslessRoutes.decode(ByteBuffer.wrap(o.get(code)));
            assertEquals(ROUTES, routes.stream().map(ClasslessRoutes.Route::destination).toList());
            assertTrue(routes.stream().allMatch(x -> x.router() == LOCAL), "via the gateway's tunnel address");
        }
    }

    @Test
    void unicastToTheGatewayAndNoRequestListAreAnsweredWithEverything() {
        ByteBuffer in = ByteBuffer.wrap(inform(CLIENT, LOCAL, 0));
        assertTrue(responder.isForServer(in));
        var a = assertInstanceOf(DhcpResponder.Answered.class, responder.answer(in, CLIENT, out));
        assertEquals(List.of(53, 54, 6, 44, 15, 121, 249), new ArrayList<>(InformPackets.options(out, a.length()).keySet()));
    }

    @Test
    void onlyWhatTheClientAskedFor() {
        ByteBuffer in = ByteBuffer.wrap(inform(CLIENT, BROADCAST, CLIENT,
                option(Dhcp.OPTION_PARAMETER_REQUEST_LIST, (byte) 6, (byte) 249)));
        var a = assertInstanceOf(DhcpResponder.Answered.class, responder.answer(in, CLIENT, out));
        assertEquals(List.of(53, 54, 6, 249), new ArrayList<>(InformPackets.options(out, a.length()).keySet()));
    }

    @Test
    void routesThatDoNotFitTheMinimumMessageAreLeftOutWhole() {
        List<Ipv4Prefix> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new Ipv4Prefix(0x0A000000 | i << 8, 24));
        }
        var r = new DhcpResponder(new DhcpSettings(true, many, List.of(), List.of(), Optional.empty(), 1400), LOCAL);
        var a = assertInstanceOf(DhcpResponder.Answered.class,
                r.answer(ByteBuffer.wrap(inform(CLIENT, BROADCAST, CLIENT)), CLIENT, out));
        assertTrue(a.length() <= Dhcp.MIN_IP_DATAGRAM, "no option 57: 576 octets at most");
        var o = InformPackets.options(out, a.length());
        assertEquals(a.routes(), ClasslessRoutes.decode(ByteBuffer.wrap(o.get(121))).size());
        assertTrue(a.routes() > 10 && a.routes() < 100, "" + a.routes());
        var bigger = r.answer(ByteBuffer.wrap(inform(CLIENT, BROADCAST, CLIENT,
                option(Dhcp.OPTION_MAX_MESSAGE_SIZE, (byte) 0x05, (byte) 0xDC))), CLIENT, out);
        var b = assertInstanceOf(DhcpResponder.Answered.class, bigger);
        assertTrue(b.length() <= 1400 && b.routes() > a.routes(), b.toString());
        // longer than 255 octets: split into several options of the same code at route boundaries (RFC 3396)
        assertEquals(b.routes(), ClasslessRoutes.decode(ByteBuffer.wrap(InformPackets.options(out, b.length()).get(249))).size());
    }

    @Test
    void otherMessageTypesAreIgnoredAndNothingElseIsTheResponders() {
        var discover = ByteBuffer.wrap(InformPackets.packet(0, BROADCAST, 68, InformPackets.bootp(Dhcp.DHCPDISCOVER, 0)));
        assertInstanceOf(DhcpResponder.Refused.class, responder.answer(discover, CLIENT, out), "source 0.0.0.0 is not the session");
        var request = ByteBuffer.wrap(InformPackets.packet(CLIENT, BROADCAST, 68, InformPackets.bootp(Dhcp.DHCPREQUEST, CLIENT)));
        assertEquals(new DhcpResponder.Ignored(Dhcp.DHCPREQUEST), responder.answer(request, CLIENT, out));
        assertFalse(responder.isForServer(ByteBuffer.wrap(inform(CLIENT, 0xCB00710A, CLIENT))), "to a host behind the backend");
        assertFalse(new DhcpResponder(DhcpSettings.disabled(), LOCAL).isForServer(ByteBuffer.wrap(inform(CLIENT, BROADCAST, CLIENT))));
    }

    @Test
    void inconsistentOrDamagedInformsAreRefusedWithTheirReason() {
        assertRefused(DhcpMalformed.CIADDR_MISMATCH, inform(CLIENT, BROADCAST, CLIENT + 1));
        assertRefused(DhcpMalformed.FOREIGN_SOURCE, inform(CLIENT + 1, BROADCAST, CLIENT + 1));
        assertRefused(DhcpMalformed.FOREIGN_SOURCE, InformPackets.packet(CLIENT, BROADCAST, 5000, InformPackets.bootp(8, CLIENT)));
        byte[] bad = inform(CLIENT, BROADCAST, CLIENT);
        bad[bad.length - 2] ^= 1;
        assertRefused(DhcpMalformed.BAD_UDP_CHECKSUM, bad);
        byte[] frag = inform(CLIENT, BROADCAST, CLIENT);
        frag[6] = 0x20;
        assertRefused(DhcpMalformed.FRAGMENT, frag);
        byte[] cookie = InformPackets.bootp(8, CLIENT);
        cookie[Dhcp.MAGIC_COOKIE_OFFSET] = 0;
        assertRefused(DhcpMalformed.BAD_MAGIC_COOKIE, InformPackets.packet(CLIENT, BROADCAST, 68, cookie));
        byte[] noEnd = InformPackets.bootp(8, CLIENT);
        assertRefused(DhcpMalformed.BAD_OPTION_LENGTH,
                InformPackets.packet(CLIENT, BROADCAST, 68, java.util.Arrays.copyOf(noEnd, noEnd.length - 1)));
        assertRefused(DhcpMalformed.TRUNCATED, InformPackets.packet(CLIENT, BROADCAST, 68, new byte[239]));
    }

    private void assertRefused(DhcpMalformed reason, byte[] packet) {
        ByteBuffer in = ByteBuffer.wrap(packet);
        assertTrue(responder.isForServer(in));
        assertEquals(new DhcpResponder.Refused(reason), responder.answer(in, CLIENT, out));
    }
}
