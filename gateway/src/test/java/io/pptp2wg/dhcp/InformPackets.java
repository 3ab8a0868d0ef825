package io.pptp2wg.dhcp;

import io.pptp2wg.ip.InternetChecksum;

import java.nio.ByteBuffer;

/** A DHCPINFORM as Windows sends it through the tunnel, in an IP/UDP packet with correct checksums. */
public final class InformPackets {
    public static final int LOCAL = 0xC6336401;   // 198.51.100.1, the gateway's tunnel address
    public static final int CLIENT = 0xC6336464;  // 198.51.100.100
    public static final int BROADCAST = 0xFFFFFFFF;
    public static final int XID = 0x3903F326;
    /** What a Windows RAS client lists in option 55: subnet, domain, router, DNS, NBNS, ..., 121, 249, vendor. */
    public static final byte[] WINDOWS_REQUEST_LIST = {1, 15, 3, 6, 44, 46, 47, 31, 33, 121, (byte) 249, 43};

    private InformPackets() {}

    public static byte[] inform(int src, int dst, int ciaddr, byte[]... options) {
        return packet(src, dst, Dhcp.CLIENT_PORT, bootp(Dhcp.DHCPINFORM, ciaddr, options));
    }

    public static byte[] bootp(int type, int ciaddr, byte[]... options) {
        ByteBuffer b = ByteBuffer.allocate(Dhcp.OPTIONS_OFFSET + 3 + 64 * options.length + 1);
        b.put((byte) Dhcp.BOOTREQUEST).put((byte) 1).put((byte) 6).put((byte) 0).putInt(XID)
                .putShort((short) 0).putShort((short) 0).putInt(ciaddr).putInt(0).putInt(0).putInt(0)
                .put(new byte[] {0x02, 0x00, 0x54, 0x55, 0x4E, 0x01});
        b.position(Dhcp.MAGIC_COOKIE_OFFSET);
        b.putInt(Dhcp.MAGIC_COOKIE).put((byte) Dhcp.OPTION_MESSAGE_TYPE).put((byte) 1).put((byte) type);
        for (byte[] o : options) {
            b.put(o);
        }
        b.put((byte) Dhcp.OPTION_END);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    public static byte[] option(int code, byte... data) {
        byte[] o = new byte[2 + data.length];
        o[0] = (byte) code;
        o[1] = (byte) data.length;
        System.arraycopy(data, 0, o, 2, data.length);
        return o;
    }

    public static byte[] packet(int src, int dst, int srcPort, byte[] payload) {
        int udpLength = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(20 + udpLength);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLength)).putInt(0).put((byte) 128)
                .put((byte) 17).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort(10, (short) InternetChecksum.checksum(b, 0, 20));
        b.putShort((short) srcPort).putShort((short) Dhcp.SERVER_PORT).putShort((short) udpLength).putShort((short) 0)
                .put(payload);
        int sum = ~InternetChecksum.sum(b, 20, udpLength, InternetChecksum.sum(b, 12, 8, 17 + udpLength)) & 0xFFFF;
        b.putShort(26, (short) (sum == 0 ? 0xFFFF : sum));
        return b.array();
    }

    /** The options of a reply packet (IP at 0) as (code → data); several of one code are concatenated (RFC 3396). */
    public static java.util.Map<Integer, byte[]> options(byte[] reply, int length) {
        java.util.Map<Integer, byte[]> m = new java.util.LinkedHashMap<>();
        int i = 28 + Dhcp.OPTIONS_OFFSET;
        while (i < length && (reply[i] & 0xFF) != Dhcp.OPTION_END) {
            int code = reply[i] & 0xFF;
            if (code == Dhcp.OPTION_PAD) {
                i++;
                continue;
            }
            int len = reply[i + 1] & 0xFF;
            byte[] data = java.util.Arrays.copyOfRange(reply, i + 2, i + 2 + len);
            m.merge(code, data, (a, c) -> {
                byte[] all = java.util.Arrays.copyOf(a, a.length + c.length);
                System.arraycopy(c, 0, all, a.length, c.length);
                return all;
            });
            i += 2 + len;
        }
        return m;
    }
}
