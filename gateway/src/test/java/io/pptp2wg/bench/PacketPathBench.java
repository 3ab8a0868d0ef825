package io.pptp2wg.bench;

import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.mppe.MppeDecryptor;
import io.pptp2wg.mppe.MppeEncryptor;
import io.pptp2wg.mppe.MppeHeader;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The per-packet path at 1400-byte IP packets, MPPE-128, both directions, with the crypto alone beside
 * it in the same run (so the overhead over the crypto bound is a ratio):
 * <ul>
 *   <li>{@code clientToGateway}: copy into the inbox slot, GRE header parse + sequence check, PPP
 *       protocol field, MPPE header check + rekey + RC4 in place, inner protocol: the IP packet;</li>
 *   <li>{@code gatewayToClient}: PPP frame around the IP packet, MPPE rekey + RC4, GRE header with the
 *       piggybacked ack and copy into the transmit buffer; the client's ack processed;</li>
 *   <li>{@code mppeSealOnly}: MPPE rekey + RC4 of the same 1402 octets, nothing else.</li>
 * </ul>
 * Uses the same GRE and MPPE classes as the gateway's sessions (PPP framing as the link writes it
 * with PFC: 0xFD, MPPE header, 0x0021, datagram). Run: see the report / README "Benchmarks".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketPathBench {
    static final int IP_LENGTH = 1400;
    static final int PPP_PROTOCOL_COMPRESSED = 0xFD;   // RFC 1962 compressed datagram, PFC'd
    static final int INNER_PROTOCOL_IP = 0x0021;
    static final int REPLAY = 4096;                     // one MPPE coherency-count cycle

    @Param({"false"})
    boolean stateful;

    GreCall call;
    final GreHeader header = new GreHeader();
    GreSink sink;
    byte[][] inbound;
    int[] inboundLength;
    byte[] slot = new byte[4096];
    ByteBuffer slotView = ByteBuffer.wrap(slot);
    MppeDecryptor decryptor;
    MppeEncryptor encryptor;
    MppeEncryptor sealOnly;
    byte[] ip = new byte[IP_LENGTH];
    byte[] frame = new byte[4096];
    ByteBuffer ack = ByteBuffer.allocate(12);
    int next;
    int sent;
    long now;

    @Setup
    public void setUp() {
        Random r = new Random(3079);
        byte[] clientSendKey = new byte[16];
        byte[] gatewaySendKey = new byte[16];
        r.nextBytes(clientSendKey);
        r.nextBytes(gatewaySendKey);
        r.nextBytes(ip);
        ip[0] = 0x45;
        GreStats stats = new GreStats();
        call = new GreCall(0x1234, 64, GreConfig.defaults(), stats);
        decryptor = new MppeDecryptor(clientSendKey, MppeKeyLength.BITS_128, stateful);
        encryptor = new MppeEncryptor(gatewaySendKey, MppeKeyLength.BITS_128, stateful);
        sealOnly = new MppeEncryptor(gatewaySendKey, MppeKeyLength.BITS_128, stateful);
        // what the client sends: GRE(seq) + 0xFD + MPPE(0x0021 + IP), one coherency-count cycle
        MppeEncryptor client = new MppeEncryptor(clientSendKey, MppeKeyLength.BITS_128, stateful);
        inbound = new byte[REPLAY][];
        inboundLength = new int[REPLAY];
        for (int i = 0; i < REPLAY; i++) {
            byte[] p = new byte[16 + 1 + MppeHeader.LENGTH + 2 + IP_LENGTH];
            int pppLength = 1 + MppeHeader.LENGTH + 2 + IP_LENGTH;
            ByteBuffer b = ByteBuffer.wrap(p);
            int h = GreHeader.write(b, 0x4242, pppLength, i, false, 0);
            p[h] = (byte) PPP_PROTOCOL_COMPRESSED;
            p[h + 1 + MppeHeader.LENGTH] = 0;
            p[h + 1 + MppeHeader.LENGTH + 1] = INNER_PROTOCOL_IP;
            System.arraycopy(ip, 0, p, h + 1 + MppeHeader.LENGTH + 2, IP_LENGTH);
            client.seal(p, h + 1, 2 + IP_LENGTH);
            inbound[i] = p;
            inboundLength[i] = h + pppLength;
        }
        GreHeader.write(ack, 0x4242, 0, 0, true, 0);
        ack.flip();
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

    @Benchmark
    public int clientToGateway() {
        int i = next++ & (REPLAY - 1);
        int n = inboundLength[i];
        System.arraycopy(inbound[i], 0, slot, 0, n);          // the reader's copy into the inbox slot
        slotView.limit(n).position(0);
        slotView.putInt(8, next);                              // a fresh GRE sequence number
        if (header.parse(slotView) != null) {
            return -1;
        }
        now += 1_000;
        if (!call.receive(header, now, sink)) {
            return -2;
        }
        int at = header.payloadOffset();
        if ((slot[at] & 0xFF) != PPP_PROTOCOL_COMPRESSED) {
            return -3;
        }
        if (decryptor.open(slot, at + 1, header.payloadLength() - 1) != MppeDecryptor.Result.OK) {
            return -4;
        }
        int inner = at + 1 + MppeHeader.LENGTH;
        if (((slot[inner] & 0xFF) << 8 | (slot[inner + 1] & 0xFF)) != INNER_PROTOCOL_IP) {
            return -5; // replayed ciphertext decrypts to other bytes after a cycle: still the full cost
        }
        return header.payloadLength() - 1 - MppeHeader.LENGTH - 2; // the IP packet's length
    }

    @Benchmark
    public void gatewayToClient(Blackhole bh) {
        frame[0] = (byte) PPP_PROTOCOL_COMPRESSED;
        frame[1 + MppeHeader.LENGTH] = 0;
        frame[1 + MppeHeader.LENGTH + 1] = INNER_PROTOCOL_IP;
        System.arraycopy(ip, 0, frame, 1 + MppeHeader.LENGTH + 2, IP_LENGTH);
        int length = 1 + encryptor.seal(frame, 1, 2 + IP_LENGTH);
        now += 1_000;
        call.send(ByteBuffer.wrap(frame, 0, length), now, sink);
        sent++;
        ack.putInt(8, sent - 1 - 16); // the client acknowledges, 16 packets behind
        header.parse(ack);
        bh.consume(call.receive(header, now, sink));
    }

    @Benchmark
    public int mppeSealOnly() {
        return sealOnly.seal(frame, 1, 2 + IP_LENGTH);
    }
}
