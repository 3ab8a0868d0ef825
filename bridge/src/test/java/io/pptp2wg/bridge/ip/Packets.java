package io.pptp2wg.bridge.ip;

import io.pptp2wg.ip.InternetChecksum;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Builds test packets with correct checksums. */
public final class Packets {
    private Packets() {}

    public static int ip(String dotted) {
        return (int) io.pptp2wg.config.Ipv4.parse(dotted).orElseThrow();
    }

    /** An IPv4/TCP SYN from src to dst with the given TCP options bytes (already padded to 4). */
    public static ByteBuffer tcpSyn(int src, int dst, byte[] options, boolean df) {
        int tcpLen = 20 + options.length;
        int total = 20 + tcpLen;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put(0, (byte) 0x45);
        b.putShort(2, (short) total);
        b.putShort(6, (short) (df ? Ipv4Header.FLAG_DF : 0));
        b.put(8, (byte) 64);
        b.put(9, (byte) Ipv4Header.PROTOCOL_TCP);
        b.putInt(12, src);
        b.putInt(16, dst);
        b.putShort(10, (short) InternetChecksum.checksum(b, 0, 20));
        b.putShort(20, (short) 40000);
        b.putShort(22, (short) 443);
        b.putInt(24, 0x01020304);
        b.put(32, (byte) ((tcpLen / 4) << 4));
        b.put(33, (byte) 0x02); // SYN
        b.putShort(34, (short) 64240);
        for (int i = 0; i < options.length; i++) {
            b.put(40 + i, options[i]);
        }
        b.putShort(36, (short) tcpChecksum(b));
        return b;
    }

    /** The TCP checksum over the pseudo-header (RFC 9293 §3.1), computed from scratch. */
    public static int tcpChecksum(ByteBuffer b) {
        int ihl = Ipv4Header.headerLength(b);
        int tcpLen = Ipv4Header.totalLength(b) - ihl;
        ByteBuffer pseudo = ByteBuffer.allocate(12 + tcpLen);
        pseudo.putInt(0, Ipv4Header.source(b));
        pseudo.putInt(4, Ipv4Header.destination(b));
        pseudo.put(9, (byte) Ipv4Header.PROTOCOL_TCP);
        pseudo.putShort(10, (short) tcpLen);
        for (int i = 0; i < tcpLen; i++) {
            pseudo.put(12 + i, b.get(ihl + i));
        }
        pseudo.putShort(12 + 16, (short) 0);
        return InternetChecksum.checksum(pseudo, 0, pseudo.capacity());
    }

    public static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }
}
