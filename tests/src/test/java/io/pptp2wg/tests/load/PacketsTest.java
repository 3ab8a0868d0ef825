package io.pptp2wg.tests.load;

import io.pptp2wg.ip.InternetChecksum;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** The probes are valid IPv4/ICMP/UDP (checksums verify) and their replies are recognised by session. */
class PacketsTest {
    static final int SOURCE = 0xC6336464;      // 198.51.100.100
    static final int DESTINATION = 0xC6336401; // 198.51.100.1

    @Test
    void anEchoRequestChecksOutAndItsReplyGivesTheRoundTrip() {
        ByteBuffer b = ByteBuffer.allocate(Packets.MAX_PACKET);
        Packets.fillPattern(b);
        Packets.icmpEcho(b, 1400, SOURCE, DESTINATION, 77, 5, 123_456_789L);
        assertThat(b.remaining()).isEqualTo(1400);
        assertThat(InternetChecksum.checksum(b, 0, Packets.IPV4_HEADER)).isZero();
        assertThat(InternetChecksum.checksum(b, Packets.IPV4_HEADER, 1400 - Packets.IPV4_HEADER)).isZero();
        // what an echo responder sends back: addresses swapped, type 0 (RFC 792), the rest returned
        b.putInt(12, DESTINATION).putInt(16, SOURCE).put(Packets.IPV4_HEADER, (byte) Packets.ICMP_ECHO_REPLY);
        long[] stamp = new long[1];
        assertThat(Packets.parseReply(b, 77, stamp)).isEqualTo(Packets.Reply.ICMP);
        assertThat(stamp[0]).isEqualTo(123_456_789L);
        assertThat(Packets.parseReply(b, 78, stamp)).as("another session's").isEqualTo(Packets.Reply.NONE);
        assertThat(Packets.parseReply(b.duplicate().limit(30), 77, stamp)).as("truncated").isEqualTo(Packets.Reply.NONE);
    }

    @Test
    void aUdpDatagramChecksOutWithItsPseudoHeaderAndItsEchoIsRecognised() {
        ByteBuffer b = ByteBuffer.allocate(Packets.MAX_PACKET);
        Packets.udp(b, 200, SOURCE, DESTINATION, 7, 9, 1, 42L);
        int udpLength = 200 - Packets.IPV4_HEADER;
        int pseudo = InternetChecksum.sum(b, 12, 8, Packets.PROTOCOL_UDP + udpLength);
        assertThat(~InternetChecksum.sum(b, Packets.IPV4_HEADER, udpLength, pseudo) & 0xffff).isZero();
        assertThat(b.getShort(Packets.IPV4_HEADER) & 0xffff).isEqualTo(Packets.udpSourcePort(9));
        // an echo server swaps the addresses and the ports
        b.putInt(12, DESTINATION).putInt(16, SOURCE);
        b.putShort(Packets.IPV4_HEADER, (short) 7).putShort(Packets.IPV4_HEADER + 2, (short) Packets.udpSourcePort(9));
        long[] stamp = new long[1];
        assertThat(Packets.parseReply(b, 9, stamp)).isEqualTo(Packets.Reply.UDP);
        assertThat(stamp[0]).isEqualTo(42L);
    }

    @Test
    void somethingElseIsNotAReply() {
        ByteBuffer b = ByteBuffer.allocate(Packets.MAX_PACKET);
        Packets.icmpEcho(b, 100, SOURCE, DESTINATION, 1, 1, 1L); // a request, not a reply
        assertThat(Packets.parseReply(b, 1, new long[1])).isEqualTo(Packets.Reply.NONE);
        assertThat(Packets.parseReply(ByteBuffer.wrap(new byte[] {0x60, 0, 0, 0}), 1, new long[1]))
                .isEqualTo(Packets.Reply.NONE);
    }
}
