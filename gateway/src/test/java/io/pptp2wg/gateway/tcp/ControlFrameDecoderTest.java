package io.pptp2wg.gateway.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlMessage;
import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.pptp.control.Malformed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ControlFrameDecoderTest {
    final ControlStats stats = new ControlStats();
    final List<ByteBuf> given = new ArrayList<>();

    ByteBuf buf(byte[] b) {
        ByteBuf x = Unpooled.wrappedBuffer(b);
        given.add(x);
        return x;
    }

    static byte[] bytes(ControlMessage m) {
        var b = ControlCodec.encode(m);
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    void assertAllReleased() {
        for (ByteBuf b : given) {
            assertEquals(0, b.refCnt(), "a buffer was not released");
        }
    }

    @Test
    void framesSplitAndCoalescedInput() {
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameDecoder(stats));
        byte[] a = bytes(new ControlMessage.StartControlConnectionRequest(0x100, 1, 1, 0, 1, "h", "v"));
        byte[] b = bytes(new ControlMessage.EchoRequest(7));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        // one octet at a time for the first 100, then the rest in one go
        for (int i = 0; i < 100; i++) {
            assertFalse(ch.writeInbound(buf(new byte[] {both[i]})));
        }
        byte[] rest = new byte[both.length - 100];
        System.arraycopy(both, 100, rest, 0, rest.length);
        assertTrue(ch.writeInbound(buf(rest)));
        ByteBuf f1 = ch.readInbound();
        ByteBuf f2 = ch.readInbound();
        assertEquals(156, f1.readableBytes());
        assertEquals(16, f2.readableBytes());
        f1.release();
        f2.release();
        assertNull(ch.readInbound());
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void truncatedInputWaitsThenIsDroppedAtClose() {
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameDecoder(stats));
        byte[] a = bytes(new ControlMessage.EchoRequest(1));
        byte[] part = new byte[10];
        System.arraycopy(a, 0, part, 0, 10);
        assertFalse(ch.writeInbound(buf(part)));
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
        assertAllReleased();
    }

    @Test
    void lengthOutsideTheCapClosesAtOnce() {
        for (int length : new int[] {0, 11, 221, 0xFFFF}) {
            EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameDecoder(stats));
            byte[] b = new byte[300];
            b[0] = (byte) (length >> 8);
            b[1] = (byte) length;
            assertFalse(ch.writeInbound(buf(b)));
            assertFalse(ch.isOpen(), "length " + length);
            ch.finishAndReleaseAll();
        }
        assertEquals(4, stats.get(Malformed.BAD_LENGTH));
        assertAllReleased();
    }
}
