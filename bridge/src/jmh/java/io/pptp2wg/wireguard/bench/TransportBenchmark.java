package io.pptp2wg.wireguard.bench;

import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.SymmetricKey;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
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

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * One 1420-byte IP packet (WireGuard's default MTU) per operation, on one thread:
 * <ul>
 *   <li>{@code sealJdk}/{@code openJdk}: the AEAD alone, JDK 25 ChaCha20-Poly1305 (the one we use);
 *   <li>{@code sealBouncyCastle}: the same with Bouncy Castle, for the record;
 *   <li>{@code send}: our whole send path (header, copy, padding, seal, counters, timers);
 *   <li>{@code sendAndReceive}: send on one device and receive on the other (decrypt, replay window, delivery).
 * </ul>
 * Receive alone = sendAndReceive - send. Run with -prof gc for allocation per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransportBenchmark {
    /** IP packet size; 1420 = WireGuard's default MTU (run with -p size=16384 to see the per-message init cost). */
    @Param({"1420"})
    public int size;

    private Bench bench;
    private byte[] packet;
    private ChaChaPoly aead;
    private SymmetricKey key;
    private byte[] buf;
    private byte[] sealed;
    private long counter;
    private ChaCha20Poly1305 bc;
    private KeyParameter bcKey;
    private byte[] bcNonce;

    @Setup
    public void setup() {
        bench = new Bench();
        packet = Bench.ipv4(size);
        bench.handshake(packet);
        aead = new ChaChaPoly();
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        key = new SymmetricKey(k, 0);
        buf = new byte[size + 16];
        sealed = new byte[size + 16];
        aead.seal(key, 0, null, packet, 0, size, sealed, 0);
        bc = new ChaCha20Poly1305();
        bcKey = new KeyParameter(k);
        bcNonce = new byte[12];
    }

    @Benchmark
    public int sealJdk() {
        return aead.seal(key, ++counter, null, packet, 0, size, buf, 0);
    }

    @Benchmark
    public int openJdk() {
        return aead.open(key, 0, null, sealed, 0, size + 16, buf, 0);
    }

    @Benchmark
    public int sealBouncyCastle() throws Exception {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            bcNonce[4 + i] = (byte) (c >>> (8 * i));
        }
        bc.init(true, new AEADParameters(bcKey, 128, bcNonce));
        int n = bc.processBytes(packet, 0, size, buf, 0);
        return n + bc.doFinal(buf, n);
    }

    @Benchmark
    public Object send() {
        return bench.a.send(bench.now, bench.ia, packet, 0, size, bench.sinkA);
    }

    @Benchmark
    public Object sendAndReceive() {
        bench.a.send(bench.now, bench.ia, packet, 0, size, bench.sinkA);
        return bench.b.receive(bench.now, Bench.A, bench.lastFromA, 0, bench.lastFromALen, bench.sinkB);
    }
}
