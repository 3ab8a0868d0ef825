package io.pptp2wg.gateway;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.dhcp.DhcpMalformed;
import io.pptp2wg.dhcp.DhcpResponder;
import io.pptp2wg.dhcp.DhcpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** The DHCP responder on the gateway's packet path: its outcomes counted, refusals logged at 1, 10, 100... per reason. */
final class LocalDhcp {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDhcp.class);

    private final DhcpResponder responder;
    private final GatewayStats stats;
    private final AtomicBoolean truncationLogged = new AtomicBoolean();

    LocalDhcp(DhcpSettings settings, int localAddress, GatewayStats stats) {
        this.responder = new DhcpResponder(settings, localAddress);
        this.stats = stats;
    }

    boolean isForServer(ByteBuffer ip) {
        return responder.isForServer(ip);
    }

    /** The reply's length in {@code out}, or -1 (counted, and logged when refused). */
    int answer(ByteBuffer ip, int session, byte[] out, Object who) {
        switch (responder.answer(ip, session, out)) {
            case DhcpResponder.Answered a -> {
                int configured = responder.settings().routes().size();
                if (a.routes() < configured && truncationLogged.compareAndSet(false, true)) {
                    LOG.warn("DHCPACK to {}: only {} of the {} routes fit in the client's maximum message size",
                            who, a.routes(), configured);
                }
                return a.length();
            }
            case DhcpResponder.Ignored i -> {
                stats.increment(SessionCounter.DHCP_IGNORED);
                LOG.debug("{}: DHCP message type {} not answered (only DHCPINFORM is)", who, i.messageType());
            }
            case DhcpResponder.Refused r -> refused(r.reason(), ip, who);
        }
        return -1;
    }

    private void refused(DhcpMalformed reason, ByteBuffer ip, Object who) {
        stats.dhcpMalformed().increment(reason);
        long n = stats.dhcpMalformed().get(reason);
        if (isPowerOfTen(n)) {
            LOG.warn("{}: malformed DHCP from {} dropped: {} ({} so far)", who,
                    Ipv4.format(ip.remaining() >= 16 ? ip.getInt(ip.position() + 12) : 0), reason, n);
        }
    }

    static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
