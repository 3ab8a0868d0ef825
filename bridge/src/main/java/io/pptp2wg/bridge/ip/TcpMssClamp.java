package io.pptp2wg.bridge.ip;

import io.pptp2wg.ip.InternetChecksum;

import java.nio.ByteBuffer;

/**
 * Lowers the Maximum Segment Size option of TCP SYN segments (RFC 9293 §3.7.1) so that full-size segments
 * fit the smaller of the PPP link and the WireGuard tunnel without fragmentation: what OpenWrt's mtu_fix
 * and MikroTik's change-tcp-mss do for these users today. Changes the packet in place and updates the TCP
 * checksum incrementally (RFC 1624); never allocates.
 */
public final class TcpMssClamp {
    private static final int TCP_MIN_HEADER = 20;
    private static final int FLAG_SYN = 0x02;
    private static final int OPTION_END = 0;
    private static final int OPTION_NOP = 1;
    private static final int OPTION_MSS = 2;
    private static final int OPTION_MSS_LENGTH = 4;
    /** TCP + IPv4 headers without options: MSS = MTU - this (RFC 879). */
    public static final int IPV4_TCP_HEADERS = Ipv4Header.MIN_HEADER_LENGTH + TCP_MIN_HEADER;

    private TcpMssClamp() {}

    /**
     * Clamps the MSS of a SYN to at most {@code maxMss}. Returns true if the packet was changed.
     * The packet must be a valid IPv4 packet ({@link Ipv4Header#isValid}).
     */
    public static boolean clamp(ByteBuffer p, int maxMss) {
        if (Ipv4Header.protocol(p) != Ipv4Header.PROTOCOL_TCP || !Ipv4Header.isFirstFragment(p)) {
            return false;
        }
        int ip = p.position();
        int tcp = ip + Ipv4Header.headerLength(p);
        int end = ip + Ipv4Header.totalLength(p);
        if (tcp + TCP_MIN_HEADER > end) {
            return false;
        }
        if ((p.get(tcp + 13) & FLAG_SYN) == 0) {
            return false;
        }
        int dataOffset = ((p.get(tcp + 12) & 0xf0) >>> 4) * 4;
        if (dataOffset < TCP_MIN_HEADER || tcp + dataOffset > end) {
            return false;
        }
        int i = tcp + TCP_MIN_HEADER;
        int optionsEnd = tcp + dataOffset;
        while (i < optionsEnd) {
            int kind = p.get(i) & 0xff;
            if (kind == OPTION_END) {
                return false;
            }
            if (kind == OPTION_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= optionsEnd) {
                return false;
            }
            int len = p.get(i + 1) & 0xff;
            if (len < 2 || i + len > optionsEnd) {
                return false;
            }
            if (kind == OPTION_MSS && len == OPTION_MSS_LENGTH) {
                int mss = p.getShort(i + 2) & 0xffff;
                if (mss <= maxMss) {
                    return false;
                }
                int checksumAt = tcp + 16;
                // The checksum sums 16-bit words counted from the TCP header; the value may start on an odd
                // byte, so take the sum of the (one or two) words covering it before and after (RFC 1624).
                int rel = i + 2 - tcp;
                int from = tcp + (rel & ~1);
                int span = (rel & 1) == 0 ? 2 : 4;
                int before = InternetChecksum.sum(p, from, span, 0);
                p.putShort(i + 2, (short) maxMss);
                int after = InternetChecksum.sum(p, from, span, 0);
                int checksum = InternetChecksum.update(p.getShort(checksumAt) & 0xffff, before, after);
                p.putShort(checksumAt, (short) checksum);
                return true;
            }
            i += len;
        }
        return false;
    }
}
