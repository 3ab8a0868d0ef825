package io.pptp2wg.pptp.gre;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Enhanced GRE (RFC 2637 §4) on a fake clock. */
class GreCallTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final GreStats stats = new GreStats();
    final GreConfig config = GreConfig.defaults();
    final List<byte[]> wire = new ArrayList<>();
    final GreSink sink = new GreSink() {
        final ByteBuffer tx = ByteBuffer.allocate(2048);

        @Override
        public ByteBuffer txBuffer() {
            return tx;
        }

        @Override
        public void transmit(ByteBuffer packet) {
            byte[] b = new byte[packet.remaining()];
            packet.get(b);
            wire.add(b);
        }
    };
    long now = 5_000 * MS;

    /** A packet as the client sends it, to our call ID 0x4242. */
    static ByteBuffer fromClient(Integer seq, Integer ack, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        GreHeader.write(b, 0x4242, payload.length, seq == null ? 0 : seq, ack != null, ack == null ? 0 : ack);
        if (seq == null && payload.length == 0) {
            // write() sets S only for payloads: an ack-only packet
        }
        b.put(payload).flip();
        return b;
    }

    static GreHeader parse(ByteBuffer b) {
        GreHeader h = new GreHeader();
        assertNull(h.parse(b));
        return h;
    }

    boolean deliver(GreCall call, Integer seq, Integer ack) {
        return call.receive(parse(fromClient(seq, ack, new byte[] {(byte) 0xff, 0x03, (byte) 0xc0, 0x21})), now, sink);
    }

    @Test
    void headerAsPptpLinuxSendsIt() {
        // flags 0x3001: K, S, version 1; protocol 0x880b; length 4; call id 0x4242; seq 1
        ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex("3001880b000442420000000" + "1ff03c021"));
        GreHeader h = parse(b);
        assertEquals(0x4242, h.callId());
        assertEquals(1, h.sequence());
        assertFalse(h.hasAck());
        assertEquals(4, h.payloadLength());
        assertEquals(12, h.payloadOffset());
    }

    @Test
    void ourHeadersAreWellFormed() {
        GreCall call = new GreCall(0x1234, 64, config, stats);
        call.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), now, sink);
        assertEquals("3001880b000312340000000001" + "0203", HexFormat.of().formatHex(wire.getFirst()).substring(0, 30));
        deliver(call, 7, null);
        call.send(ByteBuffer.wrap(new byte[] {9}), now, sink);
        // K S A, seq 1, ack 7
        assertEquals("3081880b00011234" + "00000001" + "00000007" + "09", HexFormat.of().formatHex(wire.getLast()));
    }

    @Test
    void refusesMalformedHeaders() {
        GreHeader h = new GreHeader();
        assertEquals(GreMalformed.TRUNCATED, h.parse(ByteBuffer.wrap(new byte[7])));
        assertEquals(GreMalformed.NOT_ENHANCED, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("3000880b00004242"))));
        assertEquals(GreMalformed.NOT_PPP, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("300108000000424200000001"))));
        assertEquals(GreMalformed.BAD_FLAGS, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("1001880b0000424200000001"))));
        assertEquals(GreMalformed.BAD_FLAGS, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("b001880b0000424200000001"))));
        assertEquals(GreMalformed.TRUNCATED, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("3081880b0000424200000001"))));
        assertEquals(GreMalformed.PAYLOAD_TRUNCATED, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("3001880b000542420000000101"))));
        assertEquals(GreMalformed.PAYLOAD_WITHOUT_SEQUENCE, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("2081880b000142420000000101"))));
        assertEquals(GreMalformed.EMPTY, h.parse(ByteBuffer.wrap(HexFormat.of().parseHex("2001880b00004242"))));
    }

    @Test
    void inOrderDuplicateReorderedAndOld() {
        GreCall call = new GreCall(1, 64, config, stats);
        assertTrue(deliver(call, 1, null));   // pptp-linux starts at 1
        assertTrue(deliver(call, 2, null));
        assertFalse(deliver(call, 2, null));  // duplicate
        assertTrue(deliver(call, 5, null));   // 3 and 4 missing (for now)
        assertEquals(2, stats.get(GreCounter.SEQUENCE_GAPS));
        assertTrue(deliver(call, 4, null));   // late, within tolerance
        assertFalse(deliver(call, 4, null));  // ... but only once
        assertTrue(deliver(call, 40, null));
        assertFalse(deliver(call, 3, null));  // 37 behind: beyond the tolerance of 32
        assertEquals(2, stats.get(GreCounter.DUPLICATE));
        assertEquals(1, stats.get(GreCounter.REORDERED));
        assertEquals(1, stats.get(GreCounter.OUT_OF_WINDOW));
    }

    @Test
    void sequenceNumbersWrap() {
        GreCall call = new GreCall(1, 64, config, stats);
        assertTrue(deliver(call, -2, null));
        assertTrue(deliver(call, -1, null));
        assertTrue(deliver(call, 0, null));
        assertTrue(deliver(call, 1, null));
        assertFalse(deliver(call, -1, null));
        assertEquals(0, stats.get(GreCounter.SEQUENCE_GAPS));
    }

    @Test
    void ackOnlyAfterTheDelayWhenNoDataGoesBack() {
        GreCall call = new GreCall(0x55, 64, config, stats);
        deliver(call, 1, null);
        deliver(call, 2, null);
        assertEquals(now + config.ackDelayNanos(), call.nextDeadlineNanos());
        call.poll(now + config.ackDelayNanos() - 1, sink);
        assertTrue(wire.isEmpty());
        call.poll(now + config.ackDelayNanos(), sink);
        // K A, no S, length 0, ack 2
        assertEquals("2081880b00000055" + "00000002", HexFormat.of().formatHex(wire.getFirst()));
        assertEquals(Long.MAX_VALUE, call.nextDeadlineNanos());
        // data going back carries the next ack and no ack-only is sent
        deliver(call, 3, null);
        call.send(ByteBuffer.wrap(new byte[] {1}), now, sink);
        assertEquals(3, ByteBuffer.wrap(wire.getLast()).getInt(12));
        assertEquals(Long.MAX_VALUE, call.nextDeadlineNanos());
        assertEquals(1, stats.get(GreCounter.ACK_ONLY_SENT));
    }

    @Test
    void peersWindowIsRespectedWhenConfiguredSo() {
        GreCall call = new GreCall(1, 3, config.withMinSendWindow(1), stats);   // pptp-linux announces 3
        for (int i = 0; i < 5; i++) {
            call.send(ByteBuffer.wrap(new byte[] {(byte) i}), now, sink);
        }
        assertEquals(3, wire.size());
        assertEquals(2, call.heldBack());
        assertEquals(3, call.inFlight());
        // the peer acknowledges seq 0 and 1 (ours start at 0): two more may go
        call.receive(parse(fromClient(null, 1, new byte[0])), now, sink);
        assertEquals(5, wire.size());
        assertEquals(3, call.inFlight());
        assertEquals(1, stats.get(GreCounter.ACK_ONLY_RECEIVED));
        // an ack for something never sent is ignored
        call.receive(parse(fromClient(null, 99, new byte[0])), now, sink);
        assertEquals(1, stats.get(GreCounter.BAD_ACK));
        assertEquals(3, call.inFlight());
    }

    @Test
    void holdBackQueueIsBoundedAndAckTimeoutResumes() {
        GreConfig small = new GreConfig(config.ackDelayNanos(), 500 * MS, 2, 96 * 1024, 32, 1);
        GreCall call = new GreCall(1, 1, small, stats);
        for (int i = 0; i < 5; i++) {
            call.send(ByteBuffer.wrap(new byte[] {(byte) i}), now, sink);
        }
        assertEquals(1, wire.size());
        assertEquals(2, call.heldBack());
        assertEquals(2, stats.get(GreCounter.WINDOW_FULL_DROPS));
        assertEquals(now + 500 * MS, call.nextDeadlineNanos());
        now += 500 * MS;
        call.poll(now, sink);
        assertEquals(2, wire.size());
        assertEquals(1, stats.get(GreCounter.ACK_TIMEOUTS));
        now += 500 * MS;
        call.poll(now, sink);
        assertEquals(3, wire.size());
        assertEquals(0, call.heldBack());
        assertEquals(Long.MAX_VALUE, call.nextDeadlineNanos());
    }

    @Test
    void aSmallAnnouncedWindowIsLiftedToTheFloor() {
        // pptp-linux announces 3 but takes whatever its socket buffers: as pptpd, pptp-linux and Linux's driver
        // do, the frames go at once (up to the configured floor), none is queued or dropped
        GreCall call = new GreCall(1, 3, config, stats);
        assertEquals(GreConfig.DEFAULT_MIN_SEND_WINDOW, call.sendWindow());
        for (int i = 0; i < 200; i++) {
            call.send(ByteBuffer.wrap(new byte[1400]), now, sink);
        }
        assertEquals(200, wire.size());
        assertEquals(0, call.heldBack());
        assertEquals(0, stats.get(GreCounter.WINDOW_QUEUED));
        // a larger announced window stays as it is
        assertEquals(4096, new GreCall(1, 4096, config, stats).sendWindow());
    }

    @Test
    void framesWaitInTheWindowAndGoAsAcksOpenIt() {
        GreCall call = new GreCall(1, 4, config.withMinSendWindow(1), stats);
        for (int i = 0; i < 10; i++) {
            call.send(ByteBuffer.wrap(new byte[] {(byte) i, 0, 0}), now, sink);
        }
        assertEquals(4, wire.size());
        assertEquals(6, call.heldBack());
        assertEquals(18, call.heldBackBytes());
        assertEquals(0, stats.get(GreCounter.WINDOW_FULL_DROPS));
        for (int acked = 0; acked < 10; acked++) {
            call.receive(parse(fromClient(null, acked, new byte[0])), now, sink); // seq 0..acked acknowledged
        }
        assertEquals(10, wire.size());
        for (int i = 0; i < 10; i++) { // in order, payload intact, sequence numbers 0..9
            ByteBuffer b = ByteBuffer.wrap(wire.get(i));
            GreHeader h = parse(b);
            assertEquals(i, h.sequence());
            assertEquals(i, wire.get(i)[h.payloadOffset()]);
            assertEquals(3, h.payloadLength());
        }
        assertEquals(0, call.heldBack());
        assertEquals(Long.MAX_VALUE, call.nextDeadlineNanos());
    }

    @Test
    void theQueueIsBoundedInOctetsTooAndDropsAtItsTail() {
        GreConfig tight = new GreConfig(config.ackDelayNanos(), 500 * MS, 64, 3000, 32, 1);
        GreCall call = new GreCall(1, 1, tight, stats);
        for (int i = 0; i < 4; i++) {
            call.send(ByteBuffer.wrap(new byte[1400]), now, sink);
        }
        assertEquals(1, wire.size());          // in flight
        assertEquals(2, call.heldBack());      // 2800 octets of 3000
        assertEquals(2800, call.heldBackBytes());
        assertEquals(1, stats.get(GreCounter.WINDOW_FULL_DROPS)); // the newest one
        call.send(ByteBuffer.wrap(new byte[100]), now, sink);     // a small one still fits
        assertEquals(3, call.heldBack());
        // the peer acknowledges: the queue drains one per opening, then takes frames again
        call.receive(parse(fromClient(null, 0, new byte[0])), now, sink);
        assertEquals(2, wire.size());
        call.send(ByteBuffer.wrap(new byte[1400]), now, sink);
        assertEquals(1, stats.get(GreCounter.WINDOW_FULL_DROPS));
        assertEquals(3, call.heldBack());
    }

    @Test
    void oversizePayloadIsDropped() {
        GreCall call = new GreCall(1, 64, config, stats);
        call.send(ByteBuffer.allocate(4000), now, sink);
        assertTrue(wire.isEmpty());
        assertEquals(1, stats.get(GreCounter.OVERSIZE_DROPS));
    }
}
