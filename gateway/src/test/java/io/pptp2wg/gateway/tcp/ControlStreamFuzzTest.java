package io.pptp2wg.gateway.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pptp2wg.pptp.control.CallControl;
import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlConfig;
import io.pptp2wg.pptp.control.ControlConnection;
import io.pptp2wg.pptp.control.ControlCounter;
import io.pptp2wg.pptp.control.ControlMessage;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlOutput;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.pptp.control.MessageType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzz target (Jazzer) for the PPTP control path from the TCP stream on: the bytes, cut into
 * chunks the fuzzer chooses, go through {@link ControlFrameDecoder}, each frame through {@link ControlCodec} and
 * into a {@link ControlConnection}. Contract: frames come out whole (declared length, within the bounds) or
 * the stream is closed and counted; every frame the codec refuses is counted MALFORMED; what decodes also
 * re-encodes; open calls stay within what was admitted; every buffer is released; nothing throws.
 * {@code mvn verify} replays {@code ControlStreamFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class ControlStreamFuzzTest {
    static final int MAX_CALLS = 4;

    @FuzzTest
    void controlStream(FuzzedDataProvider data) {
        ControlStats stats = new ControlStats();
        int[] openCalls = {0};
        CallControl calls = new CallControl() {
            int next = 1;

            @Override
            public void started(StartControlConnectionRequest request) {}

            @Override
            public Admission admit(OutgoingCallRequest request) {
                return openCalls[0] >= MAX_CALLS ? new Admission.Refused(2, 4, "limit") : new Admission.Admitted(next++);
            }

            @Override
            public void opened(Call call) {
                openCalls[0]++;
            }

            @Override
            public void cleared(Call call, String reason) {
                openCalls[0]--;
            }
        };
        ControlOutput out = new ControlOutput() {
            @Override
            public void send(ControlMessage message) {
                ControlCodec.encode(message); // what we send must always encode
            }

            @Override
            public void close(String reason) {}
        };
        long now = 0;
        ControlConnection cc = new ControlConnection(ControlConfig.defaults(MAX_CALLS, 10), calls, stats, "fuzz", now);
        if (data.consumeBoolean()) { // most real streams start with a valid SCCRQ: let the fuzzer skip past it
            cc.receive(ControlCodec.encode(new StartControlConnectionRequest(0x100, 1, 1, 0, 1, "h", "v")), now, out);
        }
        EmbeddedChannel ch = new EmbeddedChannel(new ControlFrameDecoder(stats));
        List<ByteBuf> given = new ArrayList<>();
        long refusedByCodec = 0;
        int chunks = 0;
        while (data.remainingBytes() > 0 && chunks++ < 64 && ch.isOpen()) { // a closed connection reads no more
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 400));
            if (chunk.length == 0) {
                continue; // Unpooled.wrappedBuffer(new byte[0]) is the shared EMPTY_BUFFER, never released
            }
            ByteBuf b = Unpooled.wrappedBuffer(chunk);
            given.add(b);
            ch.writeInbound(b);
            for (ByteBuf frame; (frame = ch.readInbound()) != null; ) {
                try {
                    int length = frame.readableBytes();
                    assertTrue(length >= ControlProtocol.HEADER_LENGTH && length <= MessageType.MAX_LENGTH, "" + length);
                    assertEquals(length, frame.getUnsignedShort(frame.readerIndex()), "a frame is its Length field");
                    ByteBuffer nio = ByteBuffer.allocate(length);
                    frame.getBytes(frame.readerIndex(), nio);
                    nio.flip();
                    ControlCodec.Decoded d = ControlCodec.decode(nio.duplicate());
                    boolean live = cc.state() != ControlConnection.State.CLOSED;
                    if (d instanceof ControlCodec.Decoded.Refused) {
                        refusedByCodec += live ? 1 : 0; // the connection counts what it is handed
                    } else if (d instanceof ControlCodec.Decoded.Ok ok) {
                        assertTrue(ControlCodec.decode(ControlCodec.encode(ok.message())) instanceof ControlCodec.Decoded.Ok,
                                "what decodes re-encodes");
                    }
                    if (live) {
                        now += data.consumeLong(0, 120_000_000_000L);
                        cc.receive(nio, now, out);
                        cc.poll(now, out);
                    }
                    assertTrue(openCalls[0] >= 0 && openCalls[0] <= MAX_CALLS, "open calls " + openCalls[0]);
                } finally {
                    frame.release();
                }
            }
        }
        cc.lowerDown("fuzz");
        assertEquals(0, openCalls[0], "every call is cleared when the connection goes");
        long badLength = ch.isOpen() ? 0 : 1;
        assertEquals(refusedByCodec + badLength, stats.get(ControlCounter.MALFORMED), "every refusal counted");
        assertFalse(ch.finish() && ch.readInbound() != null);
        for (ByteBuf b : given) {
            assertEquals(0, b.refCnt(), "a buffer was not released");
        }
    }
}
