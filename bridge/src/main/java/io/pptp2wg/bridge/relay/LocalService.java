package io.pptp2wg.bridge.relay;

import io.pptp2wg.bridge.ip.Ipv4Header;

import java.nio.ByteBuffer;

/**
 * Which packets cross between the PPTP sessions and one TCP service of the gateway host on the gateway's own tunnel
 * address (pptpd's {@code localip}): the self-service page. Only TCP to (and from) that address and port, never a
 * fragment: everything else a session sends to the address goes the relay's usual way, and nothing else the host's
 * kernel writes reaches a session. No I/O.
 */
public final class LocalService {
    /** The TCP header's port fields: source at 0, destination at 2 (RFC 9293 §3.1). */
    private static final int TCP_PORTS = 4;

    private final int address;
    private final int port;

    public LocalService(int address, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        this.address = address;
        this.port = port;
    }

    public int address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** A packet from a session that is for the service: a whole, unfragmented TCP segment to address:port. */
    public boolean isForService(ByteBuffer p) {
        return Ipv4Header.isValid(p) && Ipv4Header.destination(p) == address && tcpPort(p, 2) == port;
    }

    /**
     * A packet the host wrote towards the sessions: null = deliver it to the session that owns its destination
     * (its source must be the service's address and port: the host's other traffic never enters a tunnel).
     */
    public RelayDrop fromService(ByteBuffer p) {
        if (!Ipv4Header.isValid(p)) {
            return RelayDrop.MALFORMED;
        }
        if (Ipv4Header.source(p) != address || tcpPort(p, 0) != port) {
            return RelayDrop.NOT_FROM_LOCAL_SERVICE;
        }
        return null;
    }

    /** The TCP port at {@code offset} in the TCP header, or -1 if the packet is not a whole TCP segment's start. */
    private static int tcpPort(ByteBuffer p, int offset) {
        if (Ipv4Header.protocol(p) != Ipv4Header.PROTOCOL_TCP || Ipv4Header.isFragment(p)) {
            return -1;
        }
        int tcp = Ipv4Header.headerLength(p);
        if (p.remaining() < tcp + TCP_PORTS) {
            return -1;
        }
        return p.getShort(p.position() + tcp + offset) & 0xffff;
    }
}
