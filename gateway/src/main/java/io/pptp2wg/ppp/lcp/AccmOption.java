package io.pptp2wg.ppp.lcp;

import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.PeerOnlyOption;

import java.nio.ByteBuffer;

/**
 * RFC 1662 §7.1 Async-Control-Character-Map. Frames in GRE are not HDLC-escaped, so the map means
 * nothing here: we never ask for one and acknowledge any well-formed value (pppd's client sends 0).
 */
public final class AccmOption implements PeerOnlyOption {
    /** The option's Data: a 32-bit map. */
    private static final int VALUE_LENGTH = 4;

    @Override
    public int type() {
        return LcpOptionType.ACCM;
    }

    @Override
    public String describe(ByteBuffer value) {
        return value.remaining() == VALUE_LENGTH
                ? "asyncmap 0x" + Integer.toHexString(value.getInt(0)) : "asyncmap ?";
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        return value.remaining() == VALUE_LENGTH ? ConfigVerdict.ACK : ConfigVerdict.MALFORMED;
    }
}
