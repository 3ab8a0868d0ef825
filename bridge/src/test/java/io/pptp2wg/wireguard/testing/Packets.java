package io.pptp2wg.wireguard.testing;

/** Minimal IPv4 packets for tests (what the relay would hand over). */
public final class Packets {
    private Packets() {
    }

    /** An IPv4/UDP-looking packet of {@code total} bytes whose payload starts with {@code seq} (big-endian). */
    public static byte[] ipv4(int total, int seq) {
        byte[] p = new byte[total];
        p[0] = 0x45;
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[8] = 64;
        p[9] = 17;
        p[12] = (byte) 198; p[13] = 51; p[14] = 100; p[15] = 2;
        p[16] = (byte) 198; p[17] = 51; p[18] = 100; p[19] = 1;
        if (total >= 24) {
            p[20] = (byte) (seq >>> 24); p[21] = (byte) (seq >>> 16); p[22] = (byte) (seq >>> 8); p[23] = (byte) seq;
        }
        return p;
    }

    public static int seq(byte[] p) {
        return (p[20] & 0xff) << 24 | (p[21] & 0xff) << 16 | (p[22] & 0xff) << 8 | (p[23] & 0xff);
    }
}
