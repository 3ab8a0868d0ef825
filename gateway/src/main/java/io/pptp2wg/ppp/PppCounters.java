package io.pptp2wg.ppp;

import io.pptp2wg.stats.EnumCounters;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one PPP link has carried and refused. Written only by the link's own thread; other threads
 * (the admin API) may read it at any time and see values that are at most a little stale.
 */
public final class PppCounters {
    /** Why a frame or packet was dropped. Each drop is counted here and described in {@link #lastDrop()}. */
    public enum Drop {
        /** Address/Control or Protocol field malformed, or the frame empty. */
        MALFORMED_FRAME,
        /** Larger than our receive buffer (far above the MRU). */
        FRAME_TOO_LONG,
        /** A protocol that is not running yet (or any more) in this phase of the link. */
        OUT_OF_PHASE,
        /** A protocol we do not speak: Protocol-Rejected when LCP is Opened. */
        PROTOCOL_REJECTED,
        /** An LCP/IPCP/CCP packet that was malformed or answered nothing we sent. */
        CONTROL,
        /** A PAP/CHAP packet that was malformed, unexpected or repeated. */
        AUTHENTICATION,
        /** An IP packet without encryption while MPPE is required. */
        UNENCRYPTED_IP,
        /** An MPPE packet with impossible header bits (not encrypted, MPPC, flushed bit missing). */
        MPPE_BAD_HEADER,
        /** An MPPE packet too short to carry anything. */
        MPPE_TOO_SHORT,
        /** Stateless MPPE: a duplicate or reordered packet. */
        MPPE_LATE,
        /** Stateful MPPE: the packet that showed a loss (a Reset-Request went out). */
        MPPE_LOST,
        /** Stateful MPPE: discarded while waiting for the peer's flushed packet. */
        MPPE_DISCARDING,
        /** Something other than IP inside an MPPE packet. */
        NOT_IP_INSIDE_MPPE,
        /** sendIp while the network phase is not open. */
        IP_NOT_OPEN,
        /** sendIp with a packet larger than our send buffer. */
        IP_TOO_LONG
    }

    /** An instance that never changes, for links that keep no counters. */
    public static final PppCounters NONE = new PppCounters();

    private final long[] drops = new long[Drop.values().length];
    private volatile String lastDrop = "";
    private EnumCounters<Drop> totals;
    private long framesReceived;
    private long framesSent;
    private long ipPacketsFromPeer;
    private long ipBytesFromPeer;
    private long ipPacketsToPeer;
    private long ipBytesToPeer;

    void drop(Drop reason, String description) {
        drops[reason.ordinal()]++;
        lastDrop = description;
        if (totals != null) {
            totals.increment(reason); // rare (bad or untimely input), so a shared adder costs nothing on the data path
        }
    }

    /** Adds this link's drops from now on to {@code gatewayWide} too (set once, by the link's owner). */
    public void alsoCountIn(EnumCounters<Drop> gatewayWide) {
        if (this != NONE) {
            totals = gatewayWide;
        }
    }

    void frameReceived() {
        framesReceived++;
    }

    void frameSent() {
        framesSent++;
    }

    void ipFromPeer(int bytes) {
        ipPacketsFromPeer++;
        ipBytesFromPeer += bytes;
    }

    void ipToPeer(int bytes) {
        ipPacketsToPeer++;
        ipBytesToPeer += bytes;
    }

    public long dropped(Drop reason) {
        return drops[reason.ordinal()];
    }

    public long droppedTotal() {
        long sum = 0;
        for (long d : drops) {
            sum += d;
        }
        return sum;
    }

    public Map<Drop, Long> drops() {
        Map<Drop, Long> m = new EnumMap<>(Drop.class);
        for (Drop d : Drop.values()) {
            if (drops[d.ordinal()] != 0) {
                m.put(d, drops[d.ordinal()]);
            }
        }
        return m;
    }

    /** One loggable line about the latest drop (never a secret); empty before the first. */
    public String lastDrop() {
        return lastDrop;
    }

    public long framesReceived() {
        return framesReceived;
    }

    public long framesSent() {
        return framesSent;
    }

    public long ipPacketsFromPeer() {
        return ipPacketsFromPeer;
    }

    public long ipBytesFromPeer() {
        return ipBytesFromPeer;
    }

    public long ipPacketsToPeer() {
        return ipPacketsToPeer;
    }

    public long ipBytesToPeer() {
        return ipBytesToPeer;
    }

    @Override
    public String toString() {
        return "PppCounters[rx=" + framesReceived + " tx=" + framesSent + " ipIn=" + ipPacketsFromPeer + "/" + ipBytesFromPeer
                + "B ipOut=" + ipPacketsToPeer + "/" + ipBytesToPeer + "B drops=" + drops() + "]";
    }
}
