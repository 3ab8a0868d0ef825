package io.pptp2wg.gateway;

import io.pptp2wg.ip.InternetChecksum;

import java.nio.ByteBuffer;

/**
 * Answers ICMP echo requests (RFC 792) addressed to the gateway's own tunnel address, as the old
 * pptpd host's kernel did. Pure: a packet in, a reply (or nothing) out.
 */
public final class EchoResponder {
    private EchoResponder() {}

    private static final int IPV4_MIN_HEADER = 20;
    private static final int PROTOCOL_ICMP = 1;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMP_HEADER = 8;
    private static final int REPLY_TTL = 64;

    /** Whether an IPv4 packet is addressed to the gateway's own tunnel address (and so never goes to the uplink). */
    public static boolean isForLocal(ByteBuffer ip, int localAddress) {
        int p = ip.position();
        return ip.remaining() >= IPV4_MIN_HEADER && (ip.get(p) & 0xF0) == 0x40 && ip.getInt(p + 16) == localAddress;
    }

    /**
     * If {@code ip} (position to limit, unchanged) is an echo request to {@code localAddress}, writes
     * the reply into {@code out} (from 0) and returns its length; else returns -1.
     */
    public static int reply(ByteBuffer ip, int localAddress, byte[] out) {
        int p = ip.position();
        int n = ip.remaining();
        if (n < IPV4_MIN_HEADER) {
            return -1;
        }
        int vihl = Byte.toUnsignedInt(ip.get(p));
        int ihl = (vihl & 0x0F) * 4;
        int total = Short.toUnsignedInt(ip.getShort(p + 2));
        if (vihl >> 4 != 4 || ihl < IPV4_MIN_HEADER || total > n || total < ihl + ICMP_HEADER || total > out.length) {
            return -1;
        }
        boolean fragment = (Short.toUnsignedInt(ip.getShort(p + 6)) & 0x3FFF) != 0; // MF or an offset
        if (fragment || Byte.toUnsignedInt(ip.get(p + 9)) != PROTOCOL_ICMP || ip.getInt(p + 16) != localAddress
                || Byte.toUnsignedInt(ip.get(p + ihl)) != ICMP_ECHO_REQUEST || ip.get(p + ihl + 1) != 0) {
            return -1;
        }
        ip.get(p, out, 0, total);
        ByteBuffer r = ByteBuffer.wrap(out, 0, total);
        int source = r.getInt(12);
        r.putInt(12, localAddress).putInt(16, source);
        r.put(8, (byte) REPLY_TTL);
        r.putShort(10, (short) 0);
        r.putShort(10, (short) checksum(out, 0, ihl));
        r.put(ihl, (byte) ICMP_ECHO_REPLY);
        r.putShort(ihl + 2, (short) 0);
        r.putShort(ihl + 2, (short) checksum(out, ihl, total - ihl));
        return total;
    }

    private static int checksum(byte[] b, int offset, int length) {
        return InternetChecksum.checksum(ByteBuffer.wrap(b), offset, length);
    }
}
