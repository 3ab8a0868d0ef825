package io.pptp2wg.wireguard.device;

import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.testing.InMemoryNetwork.Datagram;
import io.pptp2wg.wireguard.testing.Packets;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.SendResult;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two peers against each other in memory, time from a fake clock (whitepaper §5 and §6). */
class HandshakeAndTimersTest {

    private static List<Integer> seqs(List<io.pptp2wg.wireguard.testing.InMemoryNetwork.Delivery> ds) {
        List<Integer> out = new ArrayList<>();
        ds.forEach(d -> out.add(Packets.seq(d.packet())));
        return out;
    }

    private static long count(List<Datagram> log, MessageType t) {
        return log.stream().filter(g -> g.type() == t).count();
    }

    @Test
    void handshakeInitiatedByEitherSideCarriesDataBothWays() {
        for (boolean aFirst : new boolean[] {true, false}) {
            TwoPeers p = new TwoPeers(Device.Settings.DEFAULTS, Device.Settings.DEFAULTS, 0, true);
            assertEquals(SendResult.QUEUED, aFirst ? p.aSends(1) : p.bSends(1));
            p.net.deliverAll();
            // initiation, response, then the queued packet (which confirms the session to the responder)
            assertEquals(List.of(MessageType.HANDSHAKE_INITIATION, MessageType.HANDSHAKE_RESPONSE,
                    MessageType.TRANSPORT_DATA), p.net.log.stream().map(Datagram::type).toList());
            assertEquals(List.of(1), seqs(p.net.delivered(aFirst ? p.b : p.a)));
            assertEquals(SendResult.SENT, aFirst ? p.bSends(2) : p.aSends(2));
            p.net.deliverAll();
            assertEquals(List.of(2), seqs(p.net.delivered(aFirst ? p.a : p.b)));
            assertNotNull(p.ia.lastHandshake());
            assertNotNull(p.ib.lastHandshake());
        }
    }

    @Test
    void byteCountersAreWhatWgShowCounts() {
        TwoPeers p = new TwoPeers();
        p.aSends(1); // 100-byte IP packet: padded to 112, + 32 = 144 on the wire
        p.net.deliverAll();
        assertEquals(148 + 144, p.ia.stats().txBytes());
        assertEquals(92, p.ia.stats().rxBytes());
        assertEquals(148 + 144, p.ib.stats().rxBytes());
        assertEquals(92, p.ib.stats().txBytes());
    }

    @Test
    void responderLearnsTheInitiatorsEndpointAndFollowsItWhenItRoams() {
        TwoPeers p = new TwoPeers();
        assertNull(p.ib.peerEndpoint());
        p.aSends(1);
        p.net.deliverAll();
        assertEquals(TwoPeers.A_ADDR, p.ib.peerEndpoint());
        var moved = new java.net.InetSocketAddress("192.0.2.9", 40001);
        p.a.send(p.net.clock.now(), p.ia, Packets.ipv4(100, 2), 0, 100, p.net.sinkOf(p.a, moved));
        p.net.deliverAll();
        assertEquals(moved, p.ib.peerEndpoint());
        p.bSends(3);
        assertEquals(moved, p.net.inFlight.peek().to());
    }

    @Test
    void rekeyAfterTimeLosesNoPacket() {
        TwoPeers p = new TwoPeers(Device.Settings.DEFAULTS, Device.Settings.DEFAULTS, 0, true);
        p.aSends(-1); // the first session
        p.net.deliverAll();
        p.net.delivered(p.b).clear();
        int sent = 0;
        // 10 packets per second each way for 400 s, timers every 100 ms: REKEY_AFTER_TIME passes three times
        for (int step = 0; step < 4000; step++) {
            p.net.clock.advance(100, MILLISECONDS);
            assertTrue(p.aSends(sent) != SendResult.DROPPED_QUEUE_FULL);
            p.bSends(sent);
            sent++;
            p.net.tick();
        }
        assertEquals(sent, p.net.delivered(p.b).size(), "every packet A sent arrived");
        assertEquals(sent, p.net.delivered(p.a).size(), "every packet B sent arrived");
        assertEquals(seqs(p.net.delivered(p.b)), java.util.stream.IntStream.range(0, sent).boxed().toList());
        long handshakes = p.ia.stats().handshakes();
        assertTrue(handshakes >= 4 && handshakes <= 5, "rekeyed about every 120 s: " + handshakes);
        assertEquals(0, p.ia.stats().refused() + p.ib.stats().refused());
    }

    @Test
    void rekeyAfterMessagesLosesNoPacket() {
        Device.Settings small = new Device.Settings(64, 2000, 100, new TunnelContext.Limits(100, 1000));
        TwoPeers p = new TwoPeers(small, small, 0, false);
        for (int i = 0; i < 350; i++) {
            p.net.clock.advance(100, MILLISECONDS);
            p.aSends(i);
            p.net.tick();
        }
        assertEquals(350, p.net.delivered(p.b).size());
        assertTrue(p.ia.stats().handshakes() >= 3, "a new handshake every ~100 messages: " + p.ia.stats().handshakes());
        assertEquals(0, p.ib.stats().refused());
    }

    @Test
    void rejectAfterMessagesStopsTheKeypairAndRekeysWithoutLoss() {
        Device.Settings tiny = new Device.Settings(64, 2000, 100, new TunnelContext.Limits(1L << 40, 10));
        TwoPeers p = new TwoPeers(tiny, tiny, 0, false);
        for (int i = 0; i < 25; i++) {
            p.aSends(i);
            p.net.deliverAll();
            p.net.run(5_100, 100); // let the REKEY_TIMEOUT rate limit pass
        }
        assertEquals(25, p.net.delivered(p.b).size());
        assertTrue(p.ia.stats().handshakes() >= 3);
    }

    @Test
    void rejectAfterTimeRefusesAnOldKeypairBothWays() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        p.net.deliverAll();
        // a message sealed just before REJECT_AFTER_TIME, delivered just after
        p.net.clock.advance(179, SECONDS);
        assertEquals(SendResult.SENT, p.aSends(2));
        Datagram late = p.net.inFlight.stream().filter(g -> g.type() == MessageType.TRANSPORT_DATA).findFirst().orElseThrow();
        // (older than REKEY_AFTER_TIME, so sending also started a handshake; it is lost here)
        assertEquals(MessageType.HANDSHAKE_INITIATION, p.net.inFlight.peekLast().type());
        p.net.inFlight.clear();
        p.net.clock.advance(2, SECONDS);
        assertEquals(Disposition.KEYPAIR_EXPIRED, p.net.deliver(late));
        // and the sender no longer uses it: the packet waits for a new handshake
        assertEquals(SendResult.QUEUED, p.aSends(3));
        p.net.run(5_500, 100); // the lost initiation is sent again after REKEY_TIMEOUT
        assertEquals(List.of(1, 3), seqs(p.net.delivered(p.b)));
    }

    @Test
    void initiationIsRetransmittedEveryRekeyTimeoutThenAbandonedAfterRekeyAttemptTime() {
        TwoPeers p = new TwoPeers();
        p.net.dropIf(g -> true); // B is unreachable
        p.aSends(1);
        long start = p.net.clock.now();
        List<Long> sentAt = new ArrayList<>();
        sentAt.add(0L);
        int logged = p.net.log.size();
        for (int i = 0; i < 1500; i++) { // 150 s in 100 ms steps
            p.net.clock.advance(100, MILLISECONDS);
            p.net.tick();
            while (logged < p.net.log.size()) {
                assertEquals(MessageType.HANDSHAKE_INITIATION, p.net.log.get(logged++).type());
                sentAt.add(p.net.clock.now() - start);
            }
        }
        for (int i = 1; i < sentAt.size(); i++) {
            long gap = sentAt.get(i) - sentAt.get(i - 1);
            assertTrue(gap >= Whitepaper.REKEY_TIMEOUT && gap <= Whitepaper.REKEY_TIMEOUT
                    + Whitepaper.REKEY_TIMEOUT_JITTER_MAX + MILLISECONDS.toNanos(100), "gap " + gap);
        }
        long last = sentAt.getLast();
        assertTrue(last < Whitepaper.REKEY_ATTEMPT_TIME, "no initiation after REKEY_ATTEMPT_TIME: " + NANOSECONDS.toSeconds(last));
        assertTrue(sentAt.size() >= 17 && sentAt.size() <= 19, "about 90 / 5 attempts: " + sentAt.size());
        assertEquals(0, p.a.identities().getFirst().tunnel.queued(), "the queued packet was dropped");
        assertEquals(1, p.ia.stats().droppedWhenHandshakeGaveUp());
        assertEquals(0, p.a.indicesInUse(), "the abandoned handshake's index is free");

        // a new packet starts a new round, which completes once B is back
        p.net.dropIf(g -> false);
        p.aSends(2);
        p.net.deliverAll();
        assertEquals(List.of(2), seqs(p.net.delivered(p.b)));
    }

    /**
     * The responder restarted (it forgot every session) while the initiator's keypair is still young: data on it
     * is lost until KEEPALIVE_TIMEOUT + REKEY_TIMEOUT of silence; a handshake asked for now (the relay does it when
     * a PPTP session comes up) restores the path at once, and no more than one initiation per REKEY_TIMEOUT.
     */
    @Test
    void aHandshakeAskedForNowReachesARestartedResponderAtOnce() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        p.net.deliverAll();
        assertEquals(1, p.ia.stats().handshakes());
        // B restarts: same key, no sessions
        Device fresh = p.net.add(TwoPeers.B_ADDR, new Device(Device.Settings.DEFAULTS, new io.pptp2wg.wireguard.testing.SeededRandom(9),
                p.net.clock));
        Identity ib2 = fresh.addIdentity("b", new io.pptp2wg.wireguard.tunnel.Tunnel.Config(p.bPriv, p.aPub, null, null, 0, 64));
        p.net.clock.advance(30, SECONDS);
        p.aSends(2);
        p.net.deliverAll();
        assertEquals(List.of(), seqs(p.net.delivered(fresh)), "sent into the session B forgot");

        int logged = p.net.log.size();
        p.a.initiateHandshake(p.net.clock.now(), p.ia, p.net.sinkOf(p.a));
        p.a.initiateHandshake(p.net.clock.now(), p.ia, p.net.sinkOf(p.a)); // a second login at the same moment
        assertEquals(1, count(p.net.log.subList(logged, p.net.log.size()), MessageType.HANDSHAKE_INITIATION));
        p.net.deliverAll();
        assertEquals(2, p.ia.stats().handshakes());
        p.aSends(3);
        p.net.deliverAll();
        assertEquals(List.of(3), seqs(p.net.delivered(fresh)));
        assertEquals(1, ib2.stats().handshakes());
    }

    @Test
    void cookieReplyUnderLoadThenTheRetryWithMac2Succeeds() {
        Device.Settings alwaysLoaded = new Device.Settings(64, 0, 100, TunnelContext.Limits.WHITEPAPER);
        TwoPeers p = new TwoPeers(Device.Settings.DEFAULTS, alwaysLoaded, 0, false);
        p.aSends(1);
        p.net.deliverAll();
        assertEquals(List.of(MessageType.HANDSHAKE_INITIATION, MessageType.COOKIE_REPLY),
                p.net.log.stream().map(Datagram::type).toList());
        assertEquals(1, p.ib.stats().received(Disposition.COOKIE_SENT));
        assertEquals(1, p.ia.stats().received(Disposition.COOKIE_REPLY));
        assertTrue(p.net.delivered(p.b).isEmpty());
        // A does not answer at once: its retransmission after REKEY_TIMEOUT carries mac2
        p.net.run(5_500, 100);
        assertEquals(List.of(1), seqs(p.net.delivered(p.b)));
        Datagram retry = p.net.log.stream().filter(g -> g.type() == MessageType.HANDSHAKE_INITIATION).toList().get(1);
        assertFalse(io.pptp2wg.wireguard.crypto.Bytes.isZero(retry.bytes(), 132, 16), "mac2 set");
        assertEquals(1, p.ib.stats().received(Disposition.HANDSHAKE_INITIATION));
    }

    @Test
    void underLoadTheRateLimiterCapsInitiationsPerSource() {
        Device.Settings alwaysLoaded = new Device.Settings(64, 0, 100, TunnelContext.Limits.WHITEPAPER);
        TwoPeers p = new TwoPeers(Device.Settings.DEFAULTS, alwaysLoaded, 0, false);
        p.aSends(1);
        p.net.deliverAll(); // cookie obtained
        p.net.run(5_500, 100); // retry with mac2 accepted
        // now replay many fresh initiations with a valid mac2 in one instant: the bucket (burst 5) runs dry
        Datagram retry = p.net.log.stream().filter(g -> g.type() == MessageType.HANDSHAKE_INITIATION).toList().get(1);
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            if (p.net.deliver(retry) == Disposition.RATE_LIMITED) {
                limited++;
            }
        }
        assertTrue(limited >= 14, "rate limited: " + limited);
    }

    @Test
    void simultaneousInitiationSettlesAndLosesNoPacket() {
        TwoPeers p = new TwoPeers(Device.Settings.DEFAULTS, Device.Settings.DEFAULTS, 0, true);
        p.aSends(1);
        p.bSends(2);
        // both initiations cross on the wire: deliver them together
        assertEquals(2, p.net.inFlight.size());
        p.net.deliverAll();
        p.net.run(12_000, 10);
        assertEquals(List.of(1), seqs(p.net.delivered(p.b)));
        assertEquals(List.of(2), seqs(p.net.delivered(p.a)));
        assertEquals(SendResult.SENT, p.aSends(3));
        assertEquals(SendResult.SENT, p.bSends(4));
        p.net.deliverAll();
        assertEquals(List.of(1, 3), seqs(p.net.delivered(p.b)));
        assertEquals(List.of(2, 4), seqs(p.net.delivered(p.a)));
    }

    @Test
    void aReplayedInitiationIsRefusedByItsTimestamp() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        Datagram init = p.net.inFlight.peek();
        p.net.deliverAll();
        p.net.clock.advance(1, SECONDS);
        assertEquals(Disposition.STALE_TIMESTAMP, p.net.deliver(init));
        assertEquals(1, p.ib.stats().received(Disposition.HANDSHAKE_INITIATION));
        // a later, genuine initiation is still accepted
        p.net.clock.advance(120, SECONDS);
        p.aSends(2);
        p.net.deliverAll();
        assertEquals(2, p.ib.stats().received(Disposition.HANDSHAKE_INITIATION));
    }

    @Test
    void aPassiveKeepaliveAnswersDataAfterKeepaliveTimeout() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        p.net.deliverAll();
        int before = p.net.log.size();
        p.net.run(10_500, 100);
        List<Datagram> after = p.net.log.subList(before, p.net.log.size());
        assertEquals(1, after.size());
        assertEquals(TwoPeers.B_ADDR, after.getFirst().from());
        assertEquals(32, after.getFirst().bytes().length, "keepalive: 32 bytes");
        assertEquals(Disposition.KEEPALIVE, p.net.dispositions(p.a).getLast());
    }

    @Test
    void persistentKeepaliveKeepsTheSessionAliveWhenIdle() {
        TwoPeers p = new TwoPeers(Device.Settings.DEFAULTS, Device.Settings.DEFAULTS, 25, false);
        p.aSends(1);
        p.net.deliverAll();
        int before = p.net.log.size();
        p.net.run(100_000, 100);
        long keepalives = p.net.log.subList(before, p.net.log.size()).stream()
                .filter(g -> g.from().equals(TwoPeers.A_ADDR) && g.bytes().length == 32).count();
        assertTrue(keepalives >= 3 && keepalives <= 5, "one every 25 s: " + keepalives);
    }

    @Test
    void keyMaterialIsZeroedAfterThreeTimesRejectAfterTime() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        p.net.deliverAll();
        var kA = p.a.identities().getFirst().tunnel;
        assertTrue(kA.hasSession(p.net.clock.now()));
        assertTrue(p.a.indicesInUse() > 0);
        p.net.run((int) TimeUnit.NANOSECONDS.toMillis(3 * Whitepaper.REJECT_AFTER_TIME) + 1000, 500);
        assertFalse(kA.hasSession(p.net.clock.now()));
        assertEquals(0, p.a.indicesInUse(), "every keypair dropped, its index released");
        assertEquals(0, p.b.indicesInUse());
    }

    @Test
    void removingAnIdentityWipesItAndFreesItsIndices() {
        TwoPeers p = new TwoPeers();
        p.aSends(1);
        p.net.deliverAll();
        p.a.removeIdentity(p.ia);
        assertTrue(p.ia.isRemoved());
        assertEquals(0, p.a.indicesInUse());
        assertEquals(SendResult.DROPPED_CLOSED, p.aSends(2));
        p.bSends(3);
        p.net.deliverAll();
        assertEquals(1, p.a.refusedUnattributed(Disposition.UNKNOWN_RECEIVER));
    }
}
