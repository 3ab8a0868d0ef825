package io.pptp2wg.ppp;

import java.nio.ByteBuffer;

/**
 * One PPP link over one PPTP call, server side ({@link PppLinks#server}) or client side
 * ({@link PppLinks#client}), with no I/O: frames and time in, frames, IP packets and events out
 * (through {@link PppOutput}). Time is {@code System.nanoTime()}-like nanoseconds passed
 * by the caller; randomness comes from the configuration. Not thread-safe: one caller thread at a time.
 */
public interface PppLink {
    /** The lower layer is up (the call is connected): LCP starts (RFC 1661 §4.3 Up + Open events). */
    void start(long nowNanos, PppOutput out);

    /** A PPP frame from the peer, as carried in a GRE payload (address/control field present or not). */
    void receiveFrame(ByteBuffer frame, long nowNanos, PppOutput out);

    /** An IP packet for the peer; dropped (and counted) unless the network phase is open. */
    void sendIp(ByteBuffer ipPacket, long nowNanos, PppOutput out);

    /** Runs the timers that are due: restart timers, LCP echo, idle, maxconnect. */
    void poll(long nowNanos, PppOutput out);

    /** When {@link #poll} next has something to do, in the same nanosecond clock; Long.MAX_VALUE if never. */
    long nextDeadlineNanos();

    /** Administrative close: LCP Terminate-Request with this reason (RFC 1661 §4.3 Close event). */
    void close(String reason, long nowNanos, PppOutput out);

    /** The lower layer went away (call cleared, peer vanished): no more frames are sent. */
    void lowerDown(long nowNanos, PppOutput out);

    /**
     * A network phase held because the address allocator answered {@code Pending} goes on: the link asks for its
     * address again (CCP and IPCP then start). Nothing happens if nothing is held.
     */
    default void resumeNetwork(long nowNanos, PppOutput out) {}

    /**
     * Sends one LCP Echo-Request now (RFC 1661 §5.8), whatever {@code lcp-echo-interval} says: whether the peer is
     * still there shows in what it sends back. Nothing before LCP is Opened.
     */
    default void probe(long nowNanos, PppOutput out) {}

    /**
     * The answer of the link's {@link io.pptp2wg.ppp.auth.RemoteAuth} (RADIUS) to the request with this ticket, on
     * the link's thread. A late answer (the link moved on or ended) is ignored.
     */
    default void remoteAuthAnswered(long ticket, io.pptp2wg.radius.RadiusReply reply, long nowNanos, PppOutput out) {}

    /**
     * A RADIUS CoA-Request's Session-Timeout (RFC 5176 §3.6): the open network phase ends {@code seconds} from now
     * ("Connect time expired", as maxconnect); 0 removes the limit.
     */
    default void sessionTimeout(int seconds, long nowNanos, PppOutput out) {}

    /** Whether IP may flow. */
    boolean isNetworkOpen();

    /**
     * What the link has carried and dropped, with the reason for the latest drop. Readable from any
     * thread (values may be slightly stale). Links that keep no counters return {@link PppCounters#NONE}.
     */
    default PppCounters counters() {
        return PppCounters.NONE;
    }

    /** What the peer has shown of itself so far (LCP Identification texts, its login name's form). */
    default io.pptp2wg.session.PppTraits peerTraits() {
        return io.pptp2wg.session.PppTraits.NONE;
    }
}
