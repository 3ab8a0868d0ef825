package io.pptp2wg.bench;

import io.pptp2wg.pptp.gre.GreCall;
import io.pptp2wg.pptp.gre.GreConfig;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreSink;
import io.pptp2wg.pptp.gre.GreStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The GRE part of the per-packet path at 1400-byte payloads: header parse + sequence/ack logic in,
 * header build + copy into the (native) transmit buffer out. The PPP/MPPE part is the ppp module's
 * bench; together they are the gateway's per-packet cost before the socket.
 * Run: see README ("Benchmarks").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GrePathBench {
    static final int PAYLOAD = 1400;

    GreCall call;
    /** Held to a window of 4 (as §4.4 reads): every frame waits in the hold-back queue for an acknowledgment. */
    GreCall windowed;
    int windowedSent;
    final GreHeader header = new GreHeader();
    final GreStats stats = new GreStats();
    ByteBuffer inbound;
    ByteBuffer ack;
    ByteBuffer payload;
    int seq;
    int sent;
    long now;
    GreSink sink;

    @Setup
    public void setUp() {
        call = new GreCall(0x1234, 64, GreConfig.defaults(), stats);
        windowed = new GreCall(0x1234, 4, GreConfig.defaults().withMinSendWindow(1), stats);
        inbound = ByteBuffer.allocate(16 + PAYLOAD);
        GreHeader.write(inbound, 0x4242, PAYLOAD, 0, true, 0);
        inbound.position(inbound.position() + PAYLOAD).flip();
        ack = ByteBuffer.allocate(12);
        GreHeader.write(ack, 0x4242, 0, 0, true, 0);
        ack.flip();
        payload = ByteBuffer.allocateDirect(PAYLOAD);
        ByteBuffer tx = ByteBuffer.allocateDirect(65_536);
        sink = new GreSink() {
            @Override
            public ByteBuffer txBuffer() {
                return tx;
            }

            @Override
            public void transmit(ByteBuffer packet) {
                packet.position(packet.limit());
            }
        };
    }

    /** A data packet from the client: parse, sequence check, acknowledgment bookkeeping. */
    @Benchmark
    public boolean receive() {
        inbound.putInt(8, ++seq);
        header.parse(inbound);
        now += 1_000;
        return call.receive(header, now, sink);
    }

    /** A frame to the client: header with piggybacked ack, copy into the transmit buffer; the client's ack comes back. */
    @Benchmark
    public void send(Blackhole bh) {
        now += 1_000;
        payload.clear();
        call.send(payload, now, sink);
        sent++;
        ack.putInt(8, sent - 1 - 16); // the client acknowledges what it got, 16 packets behind
        header.parse(ack);
        bh.consume(call.receive(header, now, sink));
    }

    /**
     * A frame to the client while its window is full: copied into the hold-back queue; the client's acknowledgment
     * of the oldest in flight then sends the oldest waiting frame from the queue.
     */
    @Benchmark
    public void sendThroughAFullWindow(Blackhole bh) {
        now += 1_000;
        payload.clear();
        windowed.send(payload, now, sink);
        windowedSent++;
        ack.putInt(8, windowedSent - 1 - 8); // 4 in flight and 4 waiting: each ack opens one
        header.parse(ack);
        bh.consume(windowed.receive(header, now, sink));
    }
}
