package io.pptp2wg.bench;

import io.pptp2wg.dhcp.DhcpResponder;
import io.pptp2wg.dhcp.DhcpSettings;
import io.pptp2wg.dhcp.Ipv4Prefix;
import io.pptp2wg.gateway.EchoResponder;
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

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What every IP packet from a client pays before it is relayed: the check for the gateway's own address (before
 * issue 11) and, since, the check for DHCP to the gateway, on a 1400-byte TCP packet to a host behind the backend.
 * Run: {@code java -cp <gateway test classpath> org.openjdk.jmh.Main LocalCheckBench} (see tools/gre-bench.sh).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalCheckBench {
    static final int LOCAL = 0xC6336401;

    ByteBuffer tcp;
    DhcpResponder dhcp;

    @Setup
    public void setup() {
        tcp = ByteBuffer.allocate(1400);
        tcp.put(0, (byte) 0x45).putShort(2, (short) 1400).put(9, (byte) 6).putInt(12, 0xC6336464).putInt(16, 0xCB00710A)
                .putShort(22, (short) 443);
        dhcp = new DhcpResponder(new DhcpSettings(true, List.of(new Ipv4Prefix(0xCB007100, 24)), List.of(), List.of(),
                Optional.empty(), 1400), LOCAL);
    }

    @Benchmark
    public boolean localOnly() {
        return EchoResponder.isForLocal(tcp, LOCAL);
    }

    @Benchmark
    public boolean dhcpThenLocal() {
        return dhcp.isForServer(tcp) || EchoResponder.isForLocal(tcp, LOCAL);
    }
}
