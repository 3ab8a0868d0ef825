package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.stats.EnumCounters;
import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.keys.Keypair;
import io.pptp2wg.wireguard.keys.Keypairs;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.messages.TransportData;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The tunnel's transport data (whitepaper §5.4.6): IP packets sealed on the current keypair, or staged until a
 * handshake gives one; received messages opened, checked against the replay window and delivered.
 */
final class Transport {
    private static final byte[] EMPTY = new byte[0];

    private final Tunnel tunnel;
    private final TunnelContext ctx;
    private final Keypairs keypairs;
    private final EnumCounters<TunnelCounter> counters;
    private final int queueLimit;
    private final ArrayDeque<byte[]> staged = new ArrayDeque<>();

    Transport(Tunnel tunnel, Keypairs keypairs, int queueLimit) {
        this.tunnel = tunnel;
        this.ctx = tunnel.ctx;
        this.keypairs = keypairs;
        this.counters = tunnel.totals;
        this.queueLimit = queueLimit;
    }

    SendResult send(long now, byte[] ip, int off, int len, TunnelSink sink) {
        if (len > Tunnel.MAX_PACKET) {
            return SendResult.DROPPED_TOO_BIG;
        }
        if (tunnel.endpoint() == null) {
            return SendResult.DROPPED_NO_ENDPOINT;
        }
        Keypair k = keypairs.current();
        if (staged.isEmpty() && usable(k, now) && encryptAndSend(now, k, ip, off, len, sink)) {
            tunnel.handshake.keepKeyFreshSending(now, sink);
            return SendResult.SENT;
        }
        if (staged.size() >= queueLimit) {
            return SendResult.DROPPED_QUEUE_FULL;
        }
        staged.add(Arrays.copyOfRange(ip, off, off + len));
        sendStaged(now, sink);
        return staged.isEmpty() ? SendResult.SENT : SendResult.QUEUED;
    }

    boolean usable(Keypair k, long now) {
        return k != null && !k.isDestroyed()
                && Long.compareUnsigned(k.sendCounter, ctx.limits.rejectAfterMessages()) < 0
                && k.age(now) < Whitepaper.REJECT_AFTER_TIME;
    }

    /** wireguard-go's SendStagedPackets: everything queued goes out on the current keypair, or a handshake starts. */
    void sendStaged(long now, TunnelSink sink) {
        if (staged.isEmpty()) {
            return;
        }
        Keypair k = keypairs.current();
        if (!usable(k, now)) {
            tunnel.handshake.sendInitiation(now, false, sink);
            return;
        }
        while (!staged.isEmpty()) {
            byte[] p = staged.peek();
            if (!encryptAndSend(now, k, p, 0, p.length, sink)) {
                tunnel.handshake.sendInitiation(now, false, sink); // counter exhausted: keep the rest for the next session
                return;
            }
            staged.poll();
        }
        tunnel.handshake.keepKeyFreshSending(now, sink);
    }

    /** A keepalive (an empty transport message) unless something staged goes out anyway. */
    void sendKeepalive(long now, TunnelSink sink) {
        if (staged.isEmpty()) {
            staged.add(EMPTY);
        }
        sendStaged(now, sink);
    }

    /** Builds and sends one transport message; false if the keypair's counter is exhausted. */
    private boolean encryptAndSend(long now, Keypair k, byte[] ip, int off, int len, TunnelSink sink) {
        long counter = k.sendCounter;
        if (Long.compareUnsigned(counter, ctx.limits.rejectAfterMessages()) >= 0) {
            return false;
        }
        k.sendCounter = counter + 1;
        byte[] out = ctx.txScratch;
        Bytes.putIntLE(out, 0, MessageType.TRANSPORT_DATA.wireValue);
        Bytes.putIntLE(out, TransportData.RECEIVER, k.remoteIndex);
        Bytes.putLongLE(out, TransportData.COUNTER, counter);
        System.arraycopy(ip, off, out, TransportData.PACKET, len);
        int padded = TransportData.paddedLength(len);
        Arrays.fill(out, TransportData.PACKET + len, TransportData.PACKET + padded, (byte) 0);
        int n = TransportData.HEADER_SIZE
                + ctx.aead.seal(k.sendKey, counter, null, out, TransportData.PACKET, padded, out, TransportData.PACKET);
        sink.toNetwork(tunnel.endpoint(), out, 0, n);
        counters.add(TunnelCounter.TX_BYTES, n);
        TunnelTimers timers = tunnel.timers;
        if (len > 0) {
            counters.increment(TunnelCounter.TX_DATA);
            timers.onDataSent(now);
        }
        timers.onAnyAuthenticatedPacketTraversal(now);
        timers.onAnyAuthenticatedPacketSent();
        return true;
    }

    /**
     * Transport data (§5.4.6): authenticate and decrypt, check the counter against the replay window, then
     * deliver the IP packet (its length from its own header; the padding is dropped) or note a keepalive.
     */
    Disposition receive(long now, InetSocketAddress from, byte[] msg, int off, int len, TunnelSink sink) {
        Keypair k = keypairs.byLocalIndex(Bytes.getIntLE(msg, off + TransportData.RECEIVER));
        if (k == null) {
            return Disposition.UNKNOWN_RECEIVER;
        }
        if (k.isDestroyed() || k.age(now) >= Whitepaper.REJECT_AFTER_TIME) {
            return Disposition.KEYPAIR_EXPIRED;
        }
        long counter = Bytes.getLongLE(msg, off + TransportData.COUNTER);
        byte[] out = ctx.rxScratch;
        int p = ctx.aead.open(k.receiveKey, counter, null, msg, off + TransportData.PACKET,
                len - TransportData.HEADER_SIZE, out, 0);
        if (p < 0) {
            return Disposition.DECRYPT_FAILED;
        }
        if (!k.replay.accept(counter, ctx.limits.rejectAfterMessages())) {
            return Disposition.REPLAYED;
        }
        tunnel.setEndpoint(from); // roaming (§2.1): the source of the latest authenticated message
        Handshake hs = tunnel.handshake;
        if (keypairs.receivedWith(k)) {
            hs.confirmed(k);
            sendStaged(now, sink);
        }
        hs.keepKeyFreshReceiving(now, sink);
        TunnelTimers timers = tunnel.timers;
        timers.onAnyAuthenticatedPacketTraversal(now);
        timers.onAnyAuthenticatedPacketReceived();
        counters.add(TunnelCounter.RX_BYTES, len);
        if (p == 0) {
            return Disposition.KEEPALIVE;
        }
        timers.onDataReceived(now);
        int ipLen = ipLength(out, p);
        if (ipLen < 0) {
            return Disposition.BAD_INNER_PACKET;
        }
        counters.increment(TunnelCounter.RX_DATA);
        sink.toTunnel(out, 0, ipLen);
        return Disposition.DATA;
    }

    /** The IP packet's own length if it is a plausible IPv4/IPv6 packet within {@code available} bytes, else -1. */
    static int ipLength(byte[] b, int available) {
        int version = (b[0] & 0xff) >>> 4;
        if (version == 4 && available >= 20) {
            int total = (b[2] & 0xff) << 8 | (b[3] & 0xff);
            return total >= 20 && total <= available ? total : -1;
        }
        if (version == 6 && available >= 40) {
            int total = 40 + ((b[4] & 0xff) << 8 | (b[5] & 0xff));
            return total <= available ? total : -1;
        }
        return -1;
    }

    /** §6.4: the handshake attempt gave up; what waited for it is dropped (and counted). */
    void dropStaged() {
        counters.add(TunnelCounter.GAVE_UP_DROPS, staged.size());
        staged.clear();
    }

    /** With the key material (§6.1), or on close: dropped uncounted. */
    void clearStaged() {
        staged.clear();
    }

    int queued() {
        return staged.size();
    }
}
