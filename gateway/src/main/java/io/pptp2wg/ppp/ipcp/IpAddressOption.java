package io.pptp2wg.ppp.ipcp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.RequestedOption;

import java.nio.ByteBuffer;
import java.util.function.IntSupplier;

/**
 * RFC 1332 §3.3 IP-Address, in either role.
 * <p>
 * Server ({@link #IpAddressOption(int, IntSupplier)}): we request our (fixed) tunnel address; the
 * peer's request is Nak'd with the address assigned to its user (pppd's client asks for 0.0.0.0 and
 * expects that Nak), and added to a Nak when the peer left it out.
 * <p>
 * Client ({@link #client}): we request 0.0.0.0 (or a wish) and take the address the server's Nak
 * suggests, as pppd's client does; the server's own address is acknowledged as it asks.
 */
public final class IpAddressOption extends RequestedOption {
    private final boolean client;
    private final int local;
    private final IntSupplier assigned;
    private int ours;
    private int agreedPeer;

    /** The server's role. @param assigned the peer's address; 0 when none is assigned (then the option is Rejected) */
    public IpAddressOption(int local, IntSupplier assigned) {
        this(false, local, assigned);
    }

    private IpAddressOption(boolean client, int local, IntSupplier assigned) {
        this.client = client;
        this.local = local;
        this.assigned = assigned;
        resetOurs();
    }

    /** The client's role: we ask for {@code wish} (0.0.0.0: "give me one") and take what the server names. */
    public static IpAddressOption client(int wish) {
        return new IpAddressOption(true, wish, () -> 0);
    }

    @Override
    public int type() {
        return IpcpOptionType.IP_ADDRESS;
    }

    @Override
    public String describe(ByteBuffer value) {
        return value.remaining() == IpcpOptionType.ADDRESS_LENGTH ? "addr " + Ipv4.format(value.getInt(0)) : "addr ?";
    }

    @Override
    public void resetOurs() {
        ours = local;
        requesting = client || local != 0;
    }

    @Override
    public void writeOurs(ByteBuffer out) {
        out.putInt(ours);
    }

    @Override
    public boolean nakked(ByteBuffer value) {
        if (value.remaining() != IpcpOptionType.ADDRESS_LENGTH) {
            return false;
        }
        if (client && value.getInt(0) != 0) {
            ours = value.getInt(0); // the server assigns our address (RFC 1332 §3.3)
        }
        // The server's address is the gateway's; it keeps asking for it. A peer that insists ends up
        // treating our option as rejected (Max-Failure), which RFC 1332 allows.
        return true;
    }

    @Override
    public void resetPeer() {
        agreedPeer = 0;
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        if (value.remaining() != IpcpOptionType.ADDRESS_LENGTH) {
            return ConfigVerdict.MALFORMED;
        }
        if (client) {
            // the server names its own address; we have none to suggest instead of 0.0.0.0
            return value.getInt(0) != 0 ? ConfigVerdict.ACK : ConfigVerdict.REJECT;
        }
        int peer = assigned.getAsInt();
        if (peer == 0) {
            return ConfigVerdict.REJECT;
        }
        if (value.getInt(0) == peer) {
            return ConfigVerdict.ACK;
        }
        nak.putInt(peer);
        return ConfigVerdict.NAK;
    }

    @Override
    public boolean nakIfMissing(ByteBuffer nak) {
        int peer = assigned.getAsInt();
        if (peer == 0) {
            return false;
        }
        nak.putInt(peer);
        return true;
    }

    @Override
    public void agreed(ByteBuffer value) {
        agreedPeer = value.getInt(0);
    }

    /** The peer's address as acknowledged, 0 before. */
    public int agreedPeer() {
        return agreedPeer;
    }

    /** The address our request carries: ours once the peer acknowledged it (client role), 0 if we stopped asking. */
    public int ours() {
        return requesting ? ours : 0;
    }
}
