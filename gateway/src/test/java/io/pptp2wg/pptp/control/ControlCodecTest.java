package io.pptp2wg.pptp.control;

import io.pptp2wg.pptp.control.ControlCodec.Decoded;
import io.pptp2wg.pptp.control.ControlMessage.*;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ControlCodecTest {

    @Test
    void lengthsAreTheRfcs() {
        // RFC 2637 §2.1-2.15 give each message's length in its figure
        int[] expected = {156, 156, 16, 16, 16, 20, 168, 32, 220, 24, 28, 16, 148, 40, 24};
        for (MessageType t : MessageType.values()) {
            assertEquals(expected[t.code() - 1], t.length(), t.name());
        }
        assertEquals(220, MessageType.MAX_LENGTH);
    }

    @Test
    void everyMessageRoundTrips() {
        List<ControlMessage> all = List.of(
                new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "local", "cananian"),
                new StartControlConnectionReply(0x0100, 1, 0, 3, 3, 100, 1, "pptp2wg", "pptp2wg"),
                new StopControlConnectionRequest(1),
                new StopControlConnectionReply(1, 0),
                new EchoRequest(0xdeadbeef),
                new EchoReply(7, 1, 0),
                new OutgoingCallRequest(1, 2, 2400, 10_000_000, 3, 3, 3, 0, "123", "sub"),
                new OutgoingCallReply(5, 1, 1, 0, 0, 100_000_000, 64, 0, 0),
                new IncomingCallRequest(9, 1, 1, 0, "555", "666", ""),
                new IncomingCallReply(0, 9, 3, 0, 0, 0),
                new IncomingCallConnected(9, 64000, 16, 0, 1),
                new CallClearRequest(1),
                new CallDisconnectNotify(5, 4, 0, 0, "stats"),
                new WanErrorNotify(5, 1, 2, 3, 4, 5, 0xffffffffL),
                new SetLinkInfo(5, 0xffffffff, 0));
        for (ControlMessage m : all) {
            ByteBuffer b = ControlCodec.encode(m);
            assertEquals(m.type().length(), b.remaining());
            Decoded d = ControlCodec.decode(b);
            assertEquals(new Decoded.Ok(m), d, m.type().name());
        }
    }

    /** The SCCRQ pptp-linux 1.10 sent in the lab (hostname "local", vendor "cananian"), as captured. */
    @Test
    void decodesPptpLinuxStartRequest() {
        ByteBuffer b = ByteBuffer.allocate(156);
        b.put(HexFormat.of().parseHex("009c00011a2b3c4d00010000" + "01000000" + "00000001" + "00000001" + "0000" + "0001"));
        b.put("local".getBytes()).position(12 + 16 + 64).put("cananian".getBytes()).position(156).flip();
        var ok = assertInstanceOf(Decoded.Ok.class, ControlCodec.decode(b));
        var m = assertInstanceOf(StartControlConnectionRequest.class, ok.message());
        assertEquals("local", m.hostName());
        assertEquals("cananian", m.vendorName());
        assertEquals(1, m.firmwareRevision());
    }

    @Test
    void refusesBadHeaders() {
        ByteBuffer good = ControlCodec.encode(new EchoRequest(1));
        assertEquals(Malformed.TRUNCATED_HEADER, reason(ByteBuffer.wrap(new byte[11])));
        ByteBuffer b = copy(good);
        b.putShort(0, (short) 17);
        assertEquals(Malformed.BAD_LENGTH, reason(b));
        b = copy(good);
        b.putShort(2, (short) 2);
        assertEquals(Malformed.NOT_CONTROL_MESSAGE, reason(b));
        b = copy(good);
        b.putInt(4, 0x1A2B3C4E);
        assertEquals(Malformed.BAD_MAGIC_COOKIE, reason(b));
        b = copy(good);
        b.putShort(8, (short) 16);
        assertEquals(Malformed.UNKNOWN_TYPE, reason(b));
        b = copy(good);
        b.putShort(8, (short) 6); // Echo-Reply needs 20
        assertEquals(Malformed.SHORT_FOR_TYPE, reason(b));
    }

    @Test
    void unprintableTextIsMadeSafe() {
        ByteBuffer b = ControlCodec.encode(new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "ab", "v"));
        b.put(12 + 16 + 1, (byte) 0x0a);
        var m = (StartControlConnectionRequest) ((Decoded.Ok) ControlCodec.decode(b)).message();
        assertEquals("a?", m.hostName());
    }

    private static Malformed reason(ByteBuffer b) {
        return assertInstanceOf(Decoded.Refused.class, ControlCodec.decode(b)).reason();
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }
}
