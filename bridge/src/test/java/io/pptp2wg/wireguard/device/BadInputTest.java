package io.pptp2wg.wireguard.device;

import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.messages.HandshakeInitiation;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.testing.InMemoryNetwork.Datagram;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.TunnelStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input: each kind refused with its reason and counted, and a fuzz run of 200,000 inputs (mutated real
 * messages and garbage) against a live session: no exception escapes, nothing is delivered or sent in reply
 * (except cookie replies, which only a load test asks for), and the session still works afterwards.
 */
class BadInputTest {

    private TwoPeers established() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        p.net.deliverAll();
        p.bSends(2);
        p.net.deliverAll();
        return p;
    }

    private static byte[] first(List<Datagram> log, MessageType t) {
        return log.stream().filter(g -> g.type() == t).findFirst().orElseThrow().bytes();
    }

    private static Disposition feed(TwoPeers p, byte[] bytes) {
        return p.b.receive(p.net.clock.now(), TwoPeers.A_ADDR, bytes, 0, bytes.length, p.net.sinkOf(p.b));
    }

    @Test
    void eachKindOfBadInputIsRefusedForItsReason() {
        TwoPeers p = established();
        byte[] init = first(p.net.log, MessageType.HANDSHAKE_INITIATION);
        byte[] data = p.net.log.stream().filter(g -> g.type() == MessageType.TRANSPORT_DATA
                && g.from().equals(TwoPeers.A_ADDR)).findFirst().orElseThrow().bytes();
        byte[] response = first(p.net.log, MessageType.HANDSHAKE_RESPONSE);

        assertEquals(Disposition.TOO_SHORT, feed(p, new byte[] {1, 0, 0}));
        assertEquals(Disposition.TOO_SHORT, feed(p, new byte[0]));
        assertEquals(Disposition.BAD_LENGTH, feed(p, Arrays.copyOf(init, 147)));
        assertEquals(Disposition.BAD_LENGTH, feed(p, Arrays.copyOf(init, 149)));
        assertEquals(Disposition.BAD_LENGTH, feed(p, Arrays.copyOf(data, 31)));
        assertEquals(Disposition.BAD_LENGTH, feed(p, Arrays.copyOf(response, 93)));
        byte[] wrongType = init.clone();
        wrongType[0] = 5;
        assertEquals(Disposition.UNKNOWN_TYPE, feed(p, wrongType));
        byte[] reserved = init.clone();
        reserved[2] = 1;
        assertEquals(Disposition.UNKNOWN_TYPE, feed(p, reserved));
        byte[] badMac1 = init.clone();
        badMac1[HandshakeInitiation.MAC1] ^= 1;
        assertEquals(Disposition.BAD_MAC1, feed(p, badMac1));
        assertEquals(Disposition.REPLAYED, feed(p, data));
        byte[] unknown = data.clone();
        Bytes.putIntLE(unknown, 4, Bytes.getIntLE(unknown, 4) + 1);
        assertEquals(Disposition.UNKNOWN_RECEIVER, feed(p, unknown));
        byte[] tampered = data.clone();
        tampered[20] ^= 1;
        assertEquals(Disposition.DECRYPT_FAILED, feed(p, tampered));
        assertEquals(Disposition.STALE_TIMESTAMP, feed(p, init));
        // a response to B, who has no initiation pending (its MAC1 is for A's key, so B refuses it on MAC1 or index)
        Disposition r = feed(p, response);
        assertTrue(r == Disposition.UNKNOWN_RECEIVER || r == Disposition.BAD_MAC1, r.toString());

        assertEquals(2, p.b.refusedUnattributed(Disposition.TOO_SHORT));
        assertEquals(4, p.b.refusedUnattributed(Disposition.BAD_LENGTH));
        assertEquals(2, p.b.refusedUnattributed(Disposition.UNKNOWN_TYPE));
        TunnelStats s = p.ib.stats();
        assertEquals(1, s.received(Disposition.REPLAYED));
        assertEquals(1, s.received(Disposition.DECRYPT_FAILED));
        assertEquals(1, s.received(Disposition.STALE_TIMESTAMP));
        // the session is untouched
        int before = p.net.delivered(p.b).size();
        assertEquals(SendResult.SENT, p.aSends(3));
        p.net.deliverAll();
        assertEquals(before + 1, p.net.delivered(p.b).size());
    }

    @Test
    void fuzzTwoHundredThousandInputsNoExceptionNoStateChange() {
        TwoPeers p = established();
        List<byte[]> seeds = new ArrayList<>();
        for (Datagram g : p.net.log) {
            seeds.add(g.bytes());
        }
        SplittableRandom rnd = new SplittableRandom(42);
        Map<Disposition, Integer> seen = new EnumMap<>(Disposition.class);
        int deliveredBefore = p.net.delivered(p.b).size() + p.net.delivered(p.a).size();
        int sentBefore = p.net.log.size();
        var handshakeBefore = p.ib.lastHandshake();
        long handshakesBefore = p.ib.stats().handshakes();
        int inputs = 200_000;
        for (int i = 0; i < inputs; i++) {
            byte[] in = mutate(rnd, seeds);
            Device target = rnd.nextBoolean() ? p.a : p.b;
            Disposition d = target.receive(p.net.clock.now(), rnd.nextBoolean() ? TwoPeers.A_ADDR : TwoPeers.B_ADDR,
                    in, 0, in.length, p.net.sinkOf(target));
            assertNotNull(d);
            seen.merge(d, 1, Integer::sum);
            if (i % 20_000 == 0) {
                p.net.clock.advance(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        assertFalse(seen.containsKey(Disposition.DATA), "nothing forged was delivered: " + seen);
        assertFalse(seen.containsKey(Disposition.HANDSHAKE_INITIATION), seen.toString());
        assertFalse(seen.containsKey(Disposition.HANDSHAKE_RESPONSE), seen.toString());
        assertEquals(deliveredBefore, p.net.delivered(p.b).size() + p.net.delivered(p.a).size());
        // the fuzzer's replays of real initiations arrive faster than 2,000/s of fake time: the device is under
        // load and answers those with a valid MAC1 by cookie replies, and with nothing else
        assertEquals(List.of(), p.net.log.subList(sentBefore, p.net.log.size()).stream()
                .filter(g -> g.type() != MessageType.COOKIE_REPLY).toList(), "no reply to garbage but cookies");
        assertEquals(handshakeBefore, p.ib.lastHandshake());
        assertEquals(TwoPeers.A_ADDR, p.ib.peerEndpoint(), "no roaming to a forged source");
        assertEquals(handshakesBefore, p.ib.stats().handshakes());
        assertTrue(seen.size() >= 8, "the fuzzer reached many refusal paths: " + seen);
        System.out.println("fuzz: " + inputs + " inputs: " + seen);
        // and the session still carries data both ways
        p.net.inFlight.clear();
        assertEquals(SendResult.SENT, p.aSends(9));
        assertEquals(SendResult.SENT, p.bSends(10));
        p.net.deliverAll();
        assertEquals(9, io.pptp2wg.wireguard.testing.Packets.seq(p.net.delivered(p.b).getLast().packet()));
        assertEquals(10, io.pptp2wg.wireguard.testing.Packets.seq(p.net.delivered(p.a).getLast().packet()));
    }

    private static byte[] mutate(SplittableRandom rnd, List<byte[]> seeds) {
        int kind = rnd.nextInt(6);
        if (kind == 0) { // garbage of any length up to 300
            byte[] g = new byte[rnd.nextInt(301)];
            rnd.nextBytes(g);
            return g;
        }
        byte[] s = seeds.get(rnd.nextInt(seeds.size())).clone();
        switch (kind) {
            case 1 -> { // flip 1-4 bits
                for (int k = 1 + rnd.nextInt(4); k > 0 && s.length > 0; k--) {
                    s[rnd.nextInt(s.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 2 -> s = Arrays.copyOf(s, rnd.nextInt(s.length + 1)); // truncate
            case 3 -> s = Arrays.copyOf(s, s.length + 1 + rnd.nextInt(64)); // extend with zeros
            case 4 -> { // a valid type field, random rest of a typical size
                int[] sizes = {148, 92, 64, 32, 48, 144, 1452};
                byte[] g = new byte[sizes[rnd.nextInt(sizes.length)]];
                rnd.nextBytes(g);
                Bytes.putIntLE(g, 0, 1 + rnd.nextInt(4));
                return g;
            }
            default -> { } // replay as is
        }
        return s;
    }
}
