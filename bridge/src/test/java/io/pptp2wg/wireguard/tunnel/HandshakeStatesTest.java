package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.cookie.CookieSecret;
import io.pptp2wg.wireguard.crypto.Curve25519;
import io.pptp2wg.wireguard.testing.FakeClock;
import io.pptp2wg.wireguard.testing.Packets;
import io.pptp2wg.wireguard.testing.SeededRandom;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handshake's states as the two tunnels of one handshake pass through them (whitepaper §5.4, §6.1). */
class HandshakeStatesTest {
    private static final InetSocketAddress A_ADDR = new InetSocketAddress("192.0.2.1", 40000);
    private static final InetSocketAddress B_ADDR = new InetSocketAddress("192.0.2.2", 51820);

    private final FakeClock clock = new FakeClock();

    /** What a tunnel sent, copied (the sink's bytes live in a scratch buffer). */
    private static final class Outbox implements TunnelSink {
        final ArrayDeque<byte[]> toNetwork = new ArrayDeque<>();
        int delivered;

        @Override
        public void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length) {
            toNetwork.add(Arrays.copyOfRange(message, offset, offset + length));
        }

        @Override
        public void toTunnel(byte[] ipPacket, int offset, int length) {
            delivered++;
        }
    }

    private TunnelContext context(long seed, int firstIndex) {
        SeededRandom random = new SeededRandom(seed);
        int[] next = {firstIndex};
        return new TunnelContext(random, clock, new TunnelContext.Indices() {
            @Override
            public int allocate(Tunnel owner) {
                return next[0]++;
            }

            @Override
            public void release(int index) {
            }
        }, new CookieSecret(random), TunnelContext.Limits.WHITEPAPER);
    }

    @Test
    void noneThenInitiationSentThenResponseSentThenEstablishedThenZeroed() {
        SeededRandom keys = new SeededRandom(7);
        byte[] aPriv = new byte[32], bPriv = new byte[32], aPub = new byte[32], bPub = new byte[32];
        Curve25519.generatePrivateKey(keys, aPriv);
        Curve25519.generatePrivateKey(keys, bPriv);
        Curve25519.publicKey(aPriv, aPub);
        Curve25519.publicKey(bPriv, bPub);
        Tunnel a = new Tunnel(new Tunnel.Config(aPriv, bPub, null, B_ADDR, 0, 16), context(1, 100));
        Tunnel b = new Tunnel(new Tunnel.Config(bPriv, aPub, null, null, 0, 16), context(2, 200));
        Outbox fromA = new Outbox(), fromB = new Outbox();
        assertSame(HandshakeState.NONE, a.handshake.state());
        assertSame(HandshakeState.NONE, b.handshake.state());

        assertEquals(SendResult.QUEUED, a.send(clock.now(), Packets.ipv4(100, 1), 0, 100, fromA));
        var sent = assertInstanceOf(HandshakeState.InitiationSent.class, a.handshake.state());
        assertTrue(a.owns(sent.localIndex()));
        assertInstanceOf(InitiationSlot.Held.class, a.handshake.slot());

        assertEquals(Disposition.HANDSHAKE_INITIATION, b.receiveInitiation(clock.now(), A_ADDR, fromA.toNetwork.poll(), 0, fromB));
        var answered = assertInstanceOf(HandshakeState.ResponseSent.class, b.handshake.state());
        assertSame(b.handshake.keypairs.next(), answered.next());

        assertEquals(Disposition.HANDSHAKE_RESPONSE, a.receiveResponse(clock.now(), B_ADDR, fromB.toNetwork.poll(), 0, fromA));
        var established = assertInstanceOf(HandshakeState.Established.class, a.handshake.state());
        assertSame(a.handshake.keypairs.current(), established.session());
        assertSame(InitiationSlot.FREE, a.handshake.slot());
        assertEquals(0, a.queued(), "the queued packet went out with the session");

        byte[] data = fromA.toNetwork.poll();
        assertEquals(Disposition.DATA, b.receiveTransport(clock.now(), A_ADDR, data, 0, data.length, fromB));
        var confirmed = assertInstanceOf(HandshakeState.Established.class, b.handshake.state());
        assertSame(b.handshake.keypairs.current(), confirmed.session());
        assertEquals(1, fromB.delivered);
        assertEquals(1, a.stats().handshakes());
        assertEquals(1, b.stats().handshakes());

        assertEquals(SendResult.SENT, b.send(clock.now(), Packets.ipv4(100, 2), 0, 100, fromB));
        byte[] reply = fromB.toNetwork.poll();
        assertEquals(Disposition.DATA, a.receiveTransport(clock.now(), B_ADDR, reply, 0, reply.length, fromA));
        clock.advanceNanos(Whitepaper.KEEPALIVE_TIMEOUT);
        a.updateTimers(clock.now(), fromA);
        assertEquals(1, fromA.toNetwork.size(), "the passive keepalive (§6.5), nothing else due");
        clock.advanceNanos(3 * Whitepaper.REJECT_AFTER_TIME - Whitepaper.KEEPALIVE_TIMEOUT);
        a.updateTimers(clock.now(), fromA);
        assertSame(HandshakeState.NONE, a.handshake.state(), "§6.1: key material zeroed after 3 x REJECT_AFTER_TIME");
        assertEquals(null, a.handshake.keypairs.current());
    }
}
