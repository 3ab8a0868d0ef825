package io.pptp2wg.bridge.relay;

import io.pptp2wg.bridge.ip.Packets;
import io.pptp2wg.bridge.ip.PrefixSet;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.pptp2wg.bridge.ip.Packets.hex;
import static io.pptp2wg.bridge.ip.Packets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Cryptokey routing and MSS clamping, without sockets. */
class RelayCoreTest {
    private static final int ALICE = ip("198.51.100.100");
    private static final int BOB = ip("198.51.100.101");
    private static final int SERVER = ip("203.0.113.5");
    private final RelayCore core = new RelayCore(PrefixSet.of(new int[] {ip("203.0.113.0")}, new int[] {24}), 1420, 1400);

    private static ByteBuffer syn(int src, int dst, boolean df) {
        return Packets.tcpSyn(src, dst, hex("020405b4"), df);
    }

    @Test
    void clientPacketsGoToTheBackendOnlyFromTheirOwnAddressAndIntoAllowedIps() {
        ByteBuffer p = syn(ALICE, SERVER, true);
        assertNull(core.fromClient(p, ALICE));
        assertEquals(1360, core.maxMss());
        assertEquals(1360, p.getShort(42) & 0xffff, "SYN clamped to min(1420, 1400) - 40");
        assertEquals(Packets.tcpChecksum(p), p.getShort(36) & 0xffff);
        assertEquals(RelayDrop.SPOOFED_SOURCE, core.fromClient(syn(BOB, SERVER, true), ALICE));
        assertEquals(RelayDrop.NOT_ROUTED, core.fromClient(syn(ALICE, ip("192.0.2.9"), true), ALICE));
        assertEquals(RelayDrop.MALFORMED, core.fromClient(ByteBuffer.wrap(hex("6000000000000000")), ALICE));
    }

    @Test
    void oversizedClientPackets() {
        ByteBuffer big = ByteBuffer.allocate(1500);
        big.put(0, (byte) 0x45).putShort(2, (short) 1500).put(9, (byte) 17).putInt(12, ALICE).putInt(16, SERVER);
        big.putShort(6, (short) 0x4000);
        assertEquals(RelayDrop.TOO_BIG_DF, core.fromClient(big, ALICE));
        big.putShort(6, (short) 0);
        assertEquals(RelayDrop.TOO_BIG, core.fromClient(big, ALICE));
    }

    @Test
    void backendPacketsGoOnlyToTheSessionOfTheIdentityTheyCameOn() {
        ByteBuffer synAck = syn(SERVER, ALICE, true);
        assertNull(core.fromBackend(synAck, "alice", "alice", Carrier.OWN));
        assertEquals(1360, synAck.getShort(42) & 0xffff, "the server's SYN-ACK is clamped too");
        assertEquals(RelayDrop.WRONG_IDENTITY, core.fromBackend(syn(SERVER, ALICE, true), "bob", "alice", Carrier.OWN));
        assertEquals(RelayDrop.WRONG_IDENTITY, core.fromBackend(syn(SERVER, ALICE, true), null, "alice", Carrier.OWN),
                "alice's own address came on the gateway's identity");
        assertNull(core.fromBackend(syn(SERVER, ALICE, true), null, "alice", Carrier.GATEWAY), "shared mode: one identity for all");
        assertEquals(RelayDrop.NO_SESSION, core.fromBackend(syn(SERVER, ip("198.51.100.150"), true), "alice", null, null));
        assertEquals(RelayDrop.SOURCE_NOT_ALLOWED, core.fromBackend(syn(ip("192.0.2.7"), ALICE, true), "alice", "alice", Carrier.OWN));
    }

    @Test
    void aBorrowedAddressIsCarriedOnlyOnTheGatewaysIdentity() {
        // alice's second device borrowed 198.51.100.150: the backend reaches it through the gateway's peer (the pool)
        int borrowed = ip("198.51.100.150");
        assertNull(core.fromBackend(syn(SERVER, borrowed, true), null, "alice", Carrier.GATEWAY));
        assertEquals(RelayDrop.WRONG_IDENTITY, core.fromBackend(syn(SERVER, borrowed, true), "alice", "alice", Carrier.GATEWAY),
                "a packet for the borrowed address on alice's own identity");
        assertEquals(RelayDrop.WRONG_IDENTITY, core.fromBackend(syn(SERVER, borrowed, true), "bob", "alice", Carrier.GATEWAY));
    }
}
