package io.pptp2wg.ppp.ipcp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.OptionHandler;

import java.nio.ByteBuffer;
import java.util.function.IntSupplier;

/**
 * RFC 1332 §3.3 IP-Address: we request our (fixed) tunnel address; the peer's request is Nak'd
 * with the address assigned to its user (pppd's client asks for 0.0.0.0 and expects that Nak), and
 * added to a Nak when the peer left it out.
 */
public final class IpAddressOption implements OptionHandler {
    private final int local;
    private final IntSupplier assigned;
    private boolean requesting;
    private int agreedPeer;

    /** @param assigned the peer's address; 0 when none is assigned (then the option is Rejected) */
    public IpAddressOption(int local, IntSupplier assigned) {
        this.local = local;
        this.assigned = assigned;
        resetOurs();
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
        requesting = local != 0;
    }

    @Override
    public boolean requesting() {
        return requesting;
    }

    @Override
    public void writeOurs(ByteBuffer out) {
        out.putInt(local);
    }

    @Override
    public boolean nakked(ByteBuffer value) {
        // Our address is the gateway's; we keep asking for it. A peer that insists ends up treating
        // our option as rejected (Max-Failure), which RFC 1332 allows.
        return value.remaining() == IpcpOptionType.ADDRESS_LENGTH;
    }

    @Override
    public void rejected() {
        requesting = false;
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
}
