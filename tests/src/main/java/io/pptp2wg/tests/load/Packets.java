package io.pptp2wg.tests.load;

import io.pptp2wg.ip.InternetChecksum;

import java.nio.ByteBuffer;

/**
 * The IPv4 packets the load generator sends through a session and recognises coming back: ICMP echo
 * requests (RFC 792) and UDP datagrams (RFC 768), each carrying in its first payload octets the send
 * time and the session's number, so that a reply yields a round-trip time without any table. Written
 * in place into a caller's buffer; nothing allocated per packet.
 */
final class Packets {
    private Packets() {}

    /** RFC 791: a header without options. */
    static final int IPV4_HEADER = 20;
    static final int ICMP_HEADER = 8;
    static final int UDP_HEADER = 8;
    /** Our payload's start: send time (8 octets), session number (4). */
    static final int STAMP = 8 + 4;
    static final int MIN_ICMP_PACKET = IPV4_HEADER + ICMP_HEADER + STAMP;
    static final int MIN_UDP_PACKET = IPV4_HEADER + UDP_HEADER + STAMP;
    static final int MAX_PACKET = 65_535;

    static final int PROTOCOL_ICMP = 1;
    static final int PROTOCOL_UDP = 17;
    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMP_ECHO_REQUEST = 8;
    private static final int TTL = 64;
    private static final int DONT_FRAGMENT = 0x4000;
    /** UDP source ports start here: session i uses BASE + i mod SPAN. */
    static final int UDP_SOURCE_BASE = 20_000;
    static final int UDP_SOURCE_SPAN = 40_000;

    /** What {@link #parseReply} found. */
    enum Reply { NONE, ICMP, UDP }

    private static void ipv4(ByteBuffer b, int length, int protocol, int id, int source, int destination) {
        b.put(0, (byte) 0x45).put(1, (byte) 0).putShort(2, (short) length).putShort(4, (short) id)
                .putShort(6, (short) DONT_FRAGMENT).put(8, (byte) TTL).put(9, (byte) protocol).putShort(10, (short) 0)
                .putInt(12, source).putInt(16, destination);
        b.putShort(10, (short) InternetChecksum.checksum(b, 0, IPV4_HEADER));
    }

    /** Fills the payload pattern once per buffer (only the stamp changes per packet). */
    static void fillPattern(ByteBuffer b) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) i);
        }
    }

    /** An echo request of {@code length} octets (IPv4 total length) at the start of {@code b}; returns b's limit set. */
    static ByteBuffer icmpEcho(ByteBuffer b, int length, int source, int destination, int session, int sequence,
                               long nowNanos) {
        b.clear().limit(length);
        ipv4(b, length, PROTOCOL_ICMP, sequence, source, destination);
        int icmp = IPV4_HEADER;
        b.put(icmp, (byte) ICMP_ECHO_REQUEST).put(icmp + 1, (byte) 0).putShort(icmp + 2, (short) 0)
                .putShort(icmp + 4, (short) session).putShort(icmp + 6, (short) sequence);
        b.putLong(icmp + ICMP_HEADER, nowNanos).putInt(icmp + ICMP_HEADER + 8, session);
        b.putShort(icmp + 2, (short) InternetChecksum.checksum(b, icmp, length - IPV4_HEADER));
        return b;
    }

    /** A UDP datagram of {@code length} octets (IPv4 total length) from our port for this session to {@code port}. */
    static ByteBuffer udp(ByteBuffer b, int length, int source, int destination, int port, int session, int sequence,
                          long nowNanos) {
        b.clear().limit(length);
        ipv4(b, length, PROTOCOL_UDP, sequence, source, destination);
        int udp = IPV4_HEADER;
        int udpLength = length - IPV4_HEADER;
        b.putShort(udp, (short) udpSourcePort(session)).putShort(udp + 2, (short) port).putShort(udp + 4, (short) udpLength)
                .putShort(udp + 6, (short) 0);
        b.putLong(udp + UDP_HEADER, nowNanos).putInt(udp + UDP_HEADER + 8, session);
        // RFC 768: the checksum covers a pseudo-header (addresses, protocol, length) and the datagram
        int pseudo = InternetChecksum.sum(b, 12, 8, PROTOCOL_UDP + udpLength);
        int sum = ~InternetChecksum.sum(b, udp, udpLength, pseudo) & 0xffff;
        b.putShort(udp + 6, (short) (sum == 0 ? 0xffff : sum));
        return b;
    }

    static int udpSourcePort(int session) {
        return UDP_SOURCE_BASE + Math.floorMod(session, UDP_SOURCE_SPAN);
    }

    /** True for an echo reply of {@code session}'s with ICMP sequence number {@code sequence}. */
    static boolean isEcho(ByteBuffer ip, int session, int sequence) {
        int p = ip.position();
        if (ip.remaining() < MIN_ICMP_PACKET || (ip.get(p) & 0xf0) != 0x40 || (ip.get(p + 9) & 0xff) != PROTOCOL_ICMP) {
            return false;
        }
        int l4 = p + (ip.get(p) & 0x0f) * 4;
        return l4 + ICMP_HEADER + STAMP <= ip.limit() && (ip.get(l4) & 0xff) == ICMP_ECHO_REPLY
                && (ip.getShort(l4 + 4) & 0xffff) == (session & 0xffff) && (ip.getShort(l4 + 6) & 0xffff) == sequence
                && ip.getInt(l4 + ICMP_HEADER + 8) == session;
    }

    /**
     * Recognises an echo reply or a UDP datagram for {@code session} (our stamp in its payload, as an
     * echo server returns it). On success {@link #stampNanos} holds the send time.
     */
    static Reply parseReply(ByteBuffer ip, int session, long[] stampNanos) {
        int p = ip.position();
        int n = ip.remaining();
        if (n < IPV4_HEADER || (ip.get(p) & 0xf0) != 0x40) {
            return Reply.NONE;
        }
        int ihl = (ip.get(p) & 0x0f) * 4;
        int total = ip.getShort(p + 2) & 0xffff;
        if (ihl < IPV4_HEADER || total > n || total < ihl) {
            return Reply.NONE;
        }
        int protocol = ip.get(p + 9) & 0xff;
        int l4 = p + ihl;
        if (protocol == PROTOCOL_ICMP && total - ihl >= ICMP_HEADER + STAMP
                && (ip.get(l4) & 0xff) == ICMP_ECHO_REPLY && (ip.getShort(l4 + 4) & 0xffff) == (session & 0xffff)
                && ip.getInt(l4 + ICMP_HEADER + 8) == session) {
            stampNanos[0] = ip.getLong(l4 + ICMP_HEADER);
            return Reply.ICMP;
        }
        if (protocol == PROTOCOL_UDP && total - ihl >= UDP_HEADER + STAMP
                && (ip.getShort(l4 + 2) & 0xffff) == udpSourcePort(session)
                && ip.getInt(l4 + UDP_HEADER + 8) == session) {
            stampNanos[0] = ip.getLong(l4 + UDP_HEADER);
            return Reply.UDP;
        }
        return Reply.NONE;
    }
}
