package io.pptp2wg.gateway;

import io.pptp2wg.ip.InternetChecksum;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EchoResponderTest {
    static final int LOCAL = 0xC6336401;  // 198.51.100.1
    static final int CLIENT = 0xC6336464; // 198.51.100.100

    static byte[] echoRequest(int dst) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 4);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 32).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 1).putShort((short) 0).putInt(CLIENT).putInt(dst);
        byte[] a = b.array();
        b.putShort(10, (short) InternetChecksum.checksum(ByteBuffer.wrap(a), 0, 20));
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) 0x1234).putShort((short) 1).putInt(0xCAFEBABE);
        b.putShort(22, (short) InternetChecksum.checksum(ByteBuffer.wrap(a), 20, 12));
        return a;
    }

    @Test
    void answersEchoToOurAddress() {
        byte[] out = new byte[100];
        int n = EchoResponder.reply(ByteBuffer.wrap(echoRequest(LOCAL)), LOCAL, out);
        assertEquals(32, n);
        ByteBuffer r = ByteBuffer.wrap(out, 0, n);
        assertEquals(LOCAL, r.getInt(12));
        assertEquals(CLIENT, r.getInt(16));
        assertEquals(0, out[20]);                                    // echo reply
        assertEquals(0, InternetChecksum.checksum(ByteBuffer.wrap(out), 0, 20));         // valid IP checksum
        assertEquals(0, InternetChecksum.checksum(ByteBuffer.wrap(out), 20, 12));        // valid ICMP checksum
        assertEquals("1234" + "0001" + "cafebabe", HexFormat.of().formatHex(out, 24, 32));
    }

    @Test
    void ignoresEverythingElse() {
        byte[] out = new byte[100];
        assertEquals(-1, EchoResponder.reply(ByteBuffer.wrap(echoRequest(LOCAL + 1)), LOCAL, out));
        byte[] reply = echoRequest(LOCAL);
        reply[20] = 0;
        assertEquals(-1, EchoResponder.reply(ByteBuffer.wrap(reply), LOCAL, out));
        assertEquals(-1, EchoResponder.reply(ByteBuffer.wrap(new byte[10]), LOCAL, out));
        byte[] lying = echoRequest(LOCAL);
        lying[3] = 100; // total length beyond the packet
        assertEquals(-1, EchoResponder.reply(ByteBuffer.wrap(lying), LOCAL, out));
    }
}
