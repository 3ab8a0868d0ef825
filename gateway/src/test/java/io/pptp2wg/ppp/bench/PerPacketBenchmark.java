package io.pptp2wg.ppp.bench;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.PppOutput;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.LoginPolicy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

/**
 * The per-packet path of one PPP link at 1400-byte IP packets: a frame from the client (PPP decode,
 * MPPE decrypt, IP delivered) and an IP packet to the client (MPPE encrypt, PPP encode). Run with
 * {@code tools/ppp-bench.sh}, or {@code java -cp <test classpath> org.openjdk.jmh.Main PerPacket}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class PerPacketBenchmark {
    /** stateless: a key change per packet (the default); stateful: one per 256 packets. */
    @Param({"stateless", "stateful"})
    public String mode;

    private Wire wire;
    private ByteBuffer ip;
    private byte[] packet;
    private io.pptp2wg.mppe.MppeEncryptor clientEncryptor;
    private final byte[] frame = new byte[4 + 2 + 2 + 1400];
    private final ByteBuffer frameView = ByteBuffer.wrap(frame);
    private final Sink sink = new Sink();

    /** Consumes the link's output without keeping it. */
    static final class Sink implements PppOutput {
        Blackhole bh;

        @Override
        public void sendFrame(ByteBuffer frame) {
            bh.consume(frame.get(frame.limit() - 1));
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
        byte[] packet = new byte[1400];
        new Random(1).nextBytes(packet);
        packet[0] = 0x45;
        ip = ByteBuffer.wrap(packet);
        this.packet = packet;
        clientEncryptor = wire.client.encryptor;
    }

    /** What the client does for one packet (MPPE encrypt into a frame): subtract from {@link #clientEncryptThenReceiveFrame}. */
    @Benchmark
    public int clientEncryptOnly() {
        return clientFrame();
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

    /** A fresh client frame each time (valid coherency count), then the server's receive path: decode, decrypt, deliver. */
    @Benchmark
    public void clientEncryptThenReceiveFrame(Blackhole bh) {
        sink.bh = bh;
        int n = clientFrame();
        wire.server.receiveFrame(frameView.clear().limit(n), wire.now, sink);
    }

    @Benchmark
    public void sendIp(Blackhole bh) {
        sink.bh = bh;
        wire.server.sendIp(ip.clear(), wire.now, sink);
    }
}
