package io.pptp2wg.wireguard.bench;

import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.tunnel.Tunnel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * Handshakes per second on one thread: {@code fullHandshake} is both sides of one complete handshake in one
 * process (initiation, response, the first data packet; 3 X25519 agreements and 1 key generation each side);
 * {@code x25519} is one Bouncy Castle agreement; {@code initiationMac1Search} is what an initiation that matches no
 * identity costs with {@code identities} identities on the socket (its MAC1 is tried against each), with the load
 * protection off; {@code initiationMac1SearchUnderLoad} is the same flood with the default settings, where the
 * device soon counts as under load and refuses most such initiations before searching.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeBenchmark {
    private Bench bench;
    private byte[] packet;
    private byte[] priv;
    private byte[] pub;
    private byte[] out;
    private Device many;
    private Device manyUnprotected;
    private byte[] bogusInitiation;

    @Param({"10000"})
    public int identities;

    @Setup(Level.Trial)
    public void setup() {
        bench = new Bench();
        packet = Bench.ipv4(100);
        SecureRandom r = new SecureRandom();
        priv = new byte[32];
        pub = new byte[32];
        out = new byte[32];
        Curve25519.generatePrivateKey(r, priv);
        Curve25519.generatePrivateKey(r, out);
        Curve25519.publicKey(out, pub);
        many = new Device(Device.Settings.DEFAULTS, r, InstantSource.system());
        manyUnprotected = new Device(new Device.Settings(4, Integer.MAX_VALUE, 1000,
                io.pptp2wg.wireguard.tunnel.TunnelContext.Limits.WHITEPAPER, Integer.MAX_VALUE, Integer.MAX_VALUE),
                r, InstantSource.system());
        for (int i = 0; i < identities; i++) {
            byte[] k = new byte[32];
            Curve25519.generatePrivateKey(r, k);
            many.addIdentity("u" + i, new Tunnel.Config(k, pub, null, null, 0, 4));
            manyUnprotected.addIdentity("u" + i, new Tunnel.Config(k, pub, null, null, 0, 4));
        }
        bogusInitiation = new byte[148];
        r.nextBytes(bogusInitiation);
        bogusInitiation[0] = 1;
        bogusInitiation[1] = bogusInitiation[2] = bogusInitiation[3] = 0;
    }

    @Benchmark
    public long fullHandshake() {
        bench.now += Whitepaper.REJECT_AFTER_TIME + 1; // the old session has expired: the next packet handshakes
        bench.handshake(packet);
        return bench.delivered;
    }

    @Benchmark
    public boolean x25519() {
        return Curve25519.agree(priv, pub, 0, out);
    }

    @Benchmark
    public Object initiationMac1Search() {
        return manyUnprotected.receive(System.nanoTime(), Bench.A, bogusInitiation, 0, 148, bench.sinkB);
    }

    @Benchmark
    public Object initiationMac1SearchUnderLoad() {
        return many.receive(System.nanoTime(), Bench.A, bogusInitiation, 0, 148, bench.sinkB);
    }
}
