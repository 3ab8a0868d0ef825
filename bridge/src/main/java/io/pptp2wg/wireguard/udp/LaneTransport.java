package io.pptp2wg.wireguard.udp;

import java.net.InetSocketAddress;

/**
 * A lane's UDP socket as the lane uses it: datagrams out (queued, then flushed once per batch of work), the
 * address it is bound to, close. Reading is each transport's own business: it hands each datagram to
 * {@link Lane#receive} and calls {@link Lane#flushNow} after a batch. Two implementations, one per process in
 * practice (the call sites stay monomorphic): our own socket ({@link OwnUdpTransport}, recvmmsg/sendmmsg) and
 * Netty's datagram channel ({@link NettyChannelTransport}, the fallback).
 */
sealed interface LaneTransport permits OwnUdpTransport, NettyChannelTransport {

    /**
     * Queues one datagram to {@code endpoint} (on the lane's loop); false when it was dropped (counted as a write
     * drop: the socket is full, or cannot reach that endpoint), true when it waits for {@link #flush()}.
     */
    boolean write(InetSocketAddress endpoint, byte[] message, int offset, int length);

    /** Sends what {@link #write} queued (on the lane's loop). */
    void flush();

    InetSocketAddress localAddress();

    /** The socket's descriptor (for the steering program; epoll only). */
    int descriptor();

    /** SO_RCVBUF as the kernel reports it (for the log). */
    Object receiveBufferBytes();

    /** How this transport reads and writes (for the log). */
    String describe();

    /** Closes the socket (from any thread; see each implementation for where it is really closed). */
    void close();
}
