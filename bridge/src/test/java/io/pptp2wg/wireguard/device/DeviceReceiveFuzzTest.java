package io.pptp2wg.wireguard.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.testing.InMemoryNetwork.Datagram;
import io.pptp2wg.wireguard.tunnel.Disposition;
import java.util.List;

/**
 * Coverage-guided fuzz target (Jazzer) for WireGuard messages into {@link Device#receive}, against two devices
 * with an established session: each input is a real message of that session (replayed) with the fuzzer's
 * bytes laid over it, or raw bytes, from either address. Contract: a verdict and no exception; nothing forged
 * is delivered or completes a handshake; the session's handshake time, endpoint and counters stay; the device
 * sends nothing in reply except cookie replies (when it judges itself under load).
 * {@code mvn verify} replays {@code DeviceReceiveFuzzTestInputs/}; tools/fuzz.sh fuzzes it.
 */
class DeviceReceiveFuzzTest {
    private static final TwoPeers PAIR = established();
    private static final List<byte[]> REAL = PAIR.net.log.stream().map(Datagram::bytes).toList();

    private static TwoPeers established() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        p.net.deliverAll();
        p.bSends(2);
        p.net.deliverAll();
        return p;
    }

    @FuzzTest
    void messagesIntoDevice(FuzzedDataProvider data) {
        TwoPeers p = PAIR;
        int choice = data.consumeInt(0, REAL.size());
        boolean toA = data.consumeBoolean();
        boolean fromA = data.consumeBoolean();
        byte[] fuzz = data.consumeRemainingAsBytes();
        byte[] in;
        if (choice == REAL.size()) {
            in = fuzz;
        } else { // a real message with the fuzzer's bytes XORed over it (none: a plain replay), maybe cut or grown
            byte[] real = REAL.get(choice);
            in = java.util.Arrays.copyOf(real, fuzz.length > 0 && (fuzz[0] & 1) != 0 ? fuzz.length : real.length);
            for (int i = 1; i < fuzz.length && i < in.length; i++) {
                in[i] ^= fuzz[i];
            }
        }
        Device target = toA ? p.a : p.b;
        int deliveredBefore = p.net.delivered(p.a).size() + p.net.delivered(p.b).size();
        int sentBefore = p.net.log.size();
        var handshakeA = p.ia.lastHandshake();
        var handshakeB = p.ib.lastHandshake();
        long handshakes = p.ia.stats().handshakes() + p.ib.stats().handshakes();
        Disposition d = target.receive(p.net.clock.now(), fromA ? TwoPeers.A_ADDR : TwoPeers.B_ADDR,
                in, 0, in.length, p.net.sinkOf(target));
        assertNotNull(d);
        assertNotEquals(Disposition.DATA, d, "nothing forged is delivered");
        assertNotEquals(Disposition.HANDSHAKE_INITIATION, d);
        assertNotEquals(Disposition.HANDSHAKE_RESPONSE, d);
        assertEquals(deliveredBefore, p.net.delivered(p.a).size() + p.net.delivered(p.b).size());
        assertEquals(handshakeA, p.ia.lastHandshake());
        assertEquals(handshakeB, p.ib.lastHandshake());
        assertEquals(handshakes, p.ia.stats().handshakes() + p.ib.stats().handshakes());
        assertEquals(TwoPeers.A_ADDR, p.ib.peerEndpoint(), "no roaming to a forged source");
        assertEquals(List.of(), p.net.log.subList(sentBefore, p.net.log.size()).stream()
                .filter(g -> g.type() != MessageType.COOKIE_REPLY).toList(), "no reply to garbage but cookies");
        p.net.inFlight.clear();
        while (p.net.log.size() > REAL.size()) {
            p.net.log.removeLast(); // cookie replies: not kept, the log stays small
        }
    }
}
