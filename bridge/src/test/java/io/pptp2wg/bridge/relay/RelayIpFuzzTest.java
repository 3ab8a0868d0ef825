package io.pptp2wg.bridge.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pptp2wg.bridge.ip.IcmpFragmentationNeeded;
import io.pptp2wg.bridge.ip.Ipv4Header;
import io.pptp2wg.bridge.ip.Packets;
import io.pptp2wg.bridge.ip.PrefixSet;
import io.pptp2wg.ip.InternetChecksum;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzz target (Jazzer) for the relay's handling of untrusted IPv4: the header check, TCP MSS
 * clamping and the ICMP Fragmentation Needed reply, both directions. Contract: the relay returns a verdict and
 * never throws; the buffer's position and limit stay; a clamped SYN carries an MSS no larger than the clamp
 * and a TCP checksum that is still right if it was right before; an ICMP reply fits its bound and checks.
 * In {@code mvn verify} it replays the committed inputs in {@code RelayIpFuzzTestInputs/}; tools/fuzz.sh fuzzes.
 */
class RelayIpFuzzTest {
    static final int CLIENT = Packets.ip("198.51.100.100");
    static final int GATEWAY = Packets.ip("198.51.100.1");
    static final PrefixSet BACKEND = PrefixSet.of(new int[] {Packets.ip("203.0.113.0")}, new int[] {24});
    static final RelayCore CORE = new RelayCore(BACKEND, 1420, 1400);

    @FuzzTest
    void ipv4FromClientAndBackend(FuzzedDataProvider data) {
        boolean plausible = data.consumeBoolean();
        boolean fromClient = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        ByteBuffer p = ByteBuffer.wrap(bytes);
        if (plausible && bytes.length >= Ipv4Header.MIN_HEADER_LENGTH) {
            // steer towards the deeper checks: a version 4 header whose lengths and addresses fit
            bytes[0] = (byte) (0x40 | Math.max(5, bytes[0] & 0x0f));
            p.putShort(2, (short) bytes.length);
            p.putInt(12, fromClient ? CLIENT : Packets.ip("203.0.113.7"));
            p.putInt(16, fromClient ? Packets.ip("203.0.113.7") : CLIENT);
        }
        boolean valid = Ipv4Header.isValid(p);
        boolean tcpChecksumRight = valid && Ipv4Header.protocol(p) == Ipv4Header.PROTOCOL_TCP
                && Ipv4Header.headerLength(p) + 20 <= bytes.length && tcpChecksumRight(p);
        RelayDrop drop = fromClient ? CORE.fromClient(p, CLIENT) : CORE.fromBackend(p, null, "user", Carrier.GATEWAY);
        assertEquals(0, p.position());
        assertEquals(bytes.length, p.limit());
        if (!valid) {
            assertEquals(RelayDrop.MALFORMED, drop);
            return;
        }
        if (drop == null && tcpChecksumRight) {
            assertTrue(tcpChecksumRight(p), "MSS clamping keeps the TCP checksum right");
        }
        if (drop == RelayDrop.TOO_BIG_DF) {
            ByteBuffer icmp = ByteBuffer.allocate(IcmpFragmentationNeeded.MAX_LENGTH);
            int n = IcmpFragmentationNeeded.write(p, GATEWAY, CORE.wireGuardMtu(), icmp);
            assertTrue(n <= IcmpFragmentationNeeded.MAX_LENGTH && n >= 28, "length " + n);
            icmp.limit(n);
            assertTrue(Ipv4Header.isValid(icmp), "the reply is a whole IPv4 packet");
            assertEquals(0, InternetChecksum.checksum(icmp, 0, 20), "IP header checksum");
            assertEquals(0, InternetChecksum.checksum(icmp, 20, n - 20), "ICMP checksum");
        }
    }

    private static boolean tcpChecksumRight(ByteBuffer p) {
        int ihl = Ipv4Header.headerLength(p);
        return Packets.tcpChecksum(p) == (p.getShort(ihl + 16) & 0xffff);
    }
}
