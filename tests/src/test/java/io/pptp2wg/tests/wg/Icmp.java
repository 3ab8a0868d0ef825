package io.pptp2wg.tests.wg;

import java.nio.ByteBuffer;

/** IPv4 ICMP echo packets built and read by the test itself (the JVM has no TUN: it is the IP stack here). */
final class Icmp {
    static final int ECHO_REPLY = 0, ECHO_REQUEST = 8;
    static final int HEADER = 20 + 8;

    private Icmp() {
    }

    static byte[] echo(int type, byte[] src, byte[] dst, int id, int seq, int payloadLen) {
        byte[] p = new byte[HEADER + payloadLen];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[4] = (byte) (seq >>> 8);
        p[5] = (byte) seq;
        p[8] = 64;
        p[9] = 1;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        put16(p, 10, checksum(p, 0, 20));
        p[20] = (byte) type;
        put16(p, 24, id);
        put16(p, 26, seq);
        for (int i = 0; i < payloadLen; i++) {
            p[HEADER + i] = (byte) i;
        }
        put16(p, 22, checksum(p, 20, p.length - 20));
        return p;
    }

    /** The echo reply to a request (addresses swapped, same id/seq/payload). */
    static byte[] replyTo(ByteBuffer request) {
        byte[] q = new byte[request.remaining()];
        request.get(request.position(), q);
        byte[] src = {q[16], q[17], q[18], q[19]}, dst = {q[12], q[13], q[14], q[15]};
        byte[] r = echo(ECHO_REPLY, src, dst, get16(q, 24), get16(q, 26), q.length - HEADER);
        System.arraycopy(q, HEADER, r, HEADER, q.length - HEADER);
        put16(r, 22, 0);
        put16(r, 22, checksum(r, 20, r.length - 20));
        return r;
    }

    static boolean isEcho(ByteBuffer p, int type) {
        int o = p.position();
        return p.remaining() >= HEADER && (p.get(o) & 0xf0) == 0x40 && p.get(o + 9) == 1 && (p.get(o + 20) & 0xff) == type
                && checksum(p, o, 20) == 0;
    }

    static int seq(ByteBuffer p) {
        return (p.get(p.position() + 26) & 0xff) << 8 | (p.get(p.position() + 27) & 0xff);
    }

    static int id(ByteBuffer p) {
        return (p.get(p.position() + 24) & 0xff) << 8 | (p.get(p.position() + 25) & 0xff);
    }

    static String dst(ByteBuffer p) {
        int o = p.position() + 16;
        return (p.get(o) & 0xff) + "." + (p.get(o + 1) & 0xff) + "." + (p.get(o + 2) & 0xff) + "." + (p.get(o + 3) & 0xff);
    }

    static byte[] addr(String dotted) {
        String[] s = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(s[0]), (byte) Integer.parseInt(s[1]), (byte) Integer.parseInt(s[2]),
            (byte) Integer.parseInt(s[3])};
    }

    private static int checksum(ByteBuffer b, int off, int len) {
        byte[] a = new byte[len];
        b.get(off, a);
        return checksum(a, 0, len);
    }

    static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += (b[off + i] & 0xff) << 8 | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (b[off + len - 1] & 0xff) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static int get16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }
}
