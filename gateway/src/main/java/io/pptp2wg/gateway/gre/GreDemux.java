package io.pptp2wg.gateway.gre;

import io.pptp2wg.pptp.gre.GreCounter;
import io.pptp2wg.pptp.gre.GreHeader;
import io.pptp2wg.pptp.gre.GreMalformed;
import io.pptp2wg.pptp.gre.GreProtocol;
import io.pptp2wg.pptp.gre.GreStats;

import java.nio.ByteBuffer;

/**
 * What every received GRE datagram goes through first, whoever reads the socket: the IPv4 and GRE headers checked,
 * the call found by its Call ID, the source checked to be the call's control-connection peer (clients behind one
 * NAT address share the address, never the Call ID). Refusals are counted. One per reading thread.
 */
public final class GreDemux {
    private final CallTable calls;
    private final GreStats stats;
    private final GreHeader header = new GreHeader();
    private int greOffset;
    private int greLength;

    public GreDemux(CallTable calls, GreStats stats) {
        this.calls = calls;
        this.stats = stats;
    }

    /**
     * The call of the datagram in {@code view} (position 0, {@code length} octets, the IPv4 header included), or
     * null when it is dropped; then {@link #greOffset()} and {@link #greLength()} locate its GRE packet.
     */
    public GreEndpoint find(ByteBuffer view, int length) {
        view.clear().limit(length);
        if (length < GreProtocol.IPV4_MIN_HEADER_LENGTH) {
            stats.malformed(GreMalformed.BAD_IP_HEADER);
            return null;
        }
        int versionIhl = Byte.toUnsignedInt(view.get(0));
        int ihl = (versionIhl & 0x0F) * 4;
        if (versionIhl >> 4 != 4 || ihl < GreProtocol.IPV4_MIN_HEADER_LENGTH || ihl > length) {
            stats.malformed(GreMalformed.BAD_IP_HEADER);
            return null;
        }
        int source = view.getInt(12);
        view.position(ihl);
        GreMalformed bad = header.parse(view);
        if (bad != null) {
            stats.malformed(bad);
            return null;
        }
        GreEndpoint endpoint = calls.get(header.callId());
        if (endpoint == null) {
            stats.increment(GreCounter.UNKNOWN_CALL_ID);
            return null;
        }
        if (endpoint.peerAddress() != source) {
            stats.increment(GreCounter.WRONG_SOURCE);
            return null;
        }
        greOffset = ihl;
        greLength = header.payloadOffset() + header.payloadLength() - ihl; // trailing octets dropped
        return endpoint;
    }

    public int greOffset() {
        return greOffset;
    }

    public int greLength() {
        return greLength;
    }
}
