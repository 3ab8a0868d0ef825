package io.pptp2wg.bench;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.mppe.MppeEncryptor;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.PppOutput;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.pptp.gre.GreCall;
import io.pptp2wg.pptp.gre.GreConfig;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreSink;
import io.pptp2wg.pptp.gre.GreStats;
import io.pptp2wg.session.LoginPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's whole per-packet path at 1400-byte IP packets, MPPE-128, with the real PPP link (opened
 * by the ppp module's test client) and the real GRE call, both directions, and the crypto alone in the
 * same run so that the overhead over it is a ratio:
 * <ul>
 *   <li>{@code clientToGateway}: the client's MPPE encryption (measured alone as {@code clientEncryptOnly},
 *       subtract it), then the GRE packet copied into an inbox slot, GRE parse + sequence check, PPP
 *       decode, MPPE decrypt, IP delivered;</li>
 *   <li>{@code gatewayToClient}: PPP encode, MPPE encrypt, GRE header with piggybacked ack and the copy
 *       into the transmit buffer; the client's ack processed;</li>
 *   <li>{@code clientEncryptOnly}: MPPE key change (stateless) + RC4 of 1402 octets: the crypto bound.</li>
 * </ul>
 * Run: {@code tools/gre-bench.sh} (or the JMH Main with the gateway's test classpath).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class PacketPathBench {
    static final int IP_LENGTH = 1400;

    @Param({"stateless", "stateful"})
    public String mode;

    Wire wire;
    GreCall call;
    final GreHeader header = new GreHeader();
    GreSink sink;
    MppeEncryptor clientEncryptor;
    final byte[] frame = new byte[4 + 2 + 2 + IP_LENGTH];
    final byte[] slot = new byte[4096];
    final ByteBuffer slotView = ByteBuffer.wrap(slot);
    byte[] packet;
    ByteBuffer ip;
    ByteBuffer ack = ByteBuffer.allocate(12);
    int seq;
    int sent;
    long now;
    final Out out = new Out();

    /** The link's output: frames go through the GRE call, IP packets to the blackhole. */
    final class Out implements PppOutput {
        Blackhole bh;

        @Override
        public void sendFrame(ByteBuffer f) {
            call.send(f, now, sink);
        }

        @Override
        public void deliverIp(ByteBuffer ipPacket) {
            bh.consume(ipPacket.get(ipPacket.limit() - 1));
        }

        @Override
        public void linkEvent(PppLinkEvent event) {
            bh.consume(event);
        }
    }

    @Setup
    public void setUp() {
        boolean stateful = mode.equals("stateful");
        TestPppClient.Settings s = new TestPppClient.Settings();
        s.mppeStateful = stateful;
        wire = Wire.of(TestConfig.config(TestConfig.options(List.of(AuthProtocol.MSCHAP_V2),
                        TestConfig.mppe128(stateful ? StatefulMppe.PREFER : StatefulMppe.REFUSE), 0, 0, 0, 0, false),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), new TestAddresses(1), 1), s, 1).start();
        if (!wire.server.isNetworkOpen()) {
            throw new IllegalStateException("link did not open");
        }
        now = wire.now;
        clientEncryptor = wire.client.encryptor;
        packet = new byte[IP_LENGTH];
        new Random(1).nextBytes(packet);
        packet[0] = 0x45;
        ip = ByteBuffer.wrap(packet);
        call = new GreCall(0x1234, 64, GreConfig.defaults(), new GreStats());
        GreHeader.write(ack, 0x4242, 0, 0, true, 0);
        ack.flip();
        ByteBuffer tx = ByteBuffer.allocateDirect(65_536);
        sink = new GreSink() {
            @Override
            public ByteBuffer txBuffer() {
                return tx;
            }

            @Override
            public void transmit(ByteBuffer p) {
                p.position(p.limit());
            }
        };
    }

    private int clientFrame() {
        frame[0] = (byte) 0xff;
        frame[1] = 0x03;
        frame[2] = 0x00;
        frame[3] = (byte) 0xfd;
        frame[6] = 0x00;
        frame[7] = 0x21;
        System.arraycopy(packet, 0, frame, 8, packet.length);
        return 4 + clientEncryptor.seal(frame, 4, 2 + packet.length);
    }

    @Benchmark
    public int clientEncryptOnly() {
        return clientFrame();
    }

    @Benchmark
    public void clientToGateway(Blackhole bh) {
        out.bh = bh;
        int n = clientFrame();
        // as the reader leaves it in the inbox slot: GRE header + the frame
        slotView.clear();
        GreHeader.write(slotView, 0x4242, n, ++seq, false, 0);
        slotView.put(frame, 0, n).flip();
        if (header.parse(slotView) != null) {
            throw new IllegalStateException("bad GRE");
        }
        now += 1_000;
        if (call.receive(header, now, sink)) {
            slotView.limit(header.payloadOffset() + header.payloadLength()).position(header.payloadOffset());
            wire.server.receiveFrame(slotView, now, out);
        }
    }

    @Benchmark
    public void gatewayToClient(Blackhole bh) {
        out.bh = bh;
        now += 1_000;
        wire.server.sendIp(ip.clear(), now, out);
        sent++;
        ack.putInt(8, sent - 1 - 16); // the client acknowledges, 16 packets behind
        header.parse(ack);
        bh.consume(call.receive(header, now, sink));
    }
}
