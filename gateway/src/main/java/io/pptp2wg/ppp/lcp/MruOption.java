package io.pptp2wg.ppp.lcp;

import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.RequestedOption;

import java.nio.ByteBuffer;

/** RFC 1661 §6.1 Maximum-Receive-Unit: ours from {@code mru}; the peer's bounds what we send. */
public final class MruOption extends RequestedOption {
    /** pppd's MINMRU: smaller MRUs are Nak'd up to this. */
    public static final int MIN_MRU = 128;
    /** The option's Data: a 16-bit MRU. */
    private static final int VALUE_LENGTH = 2;

    private final int configured;
    private final int largestWeAccept;
    private int ours;
    private int peerMru = PppOptions.DEFAULT_MRU;

    /** @param largestWeAccept the most our receive buffer holds, which caps what the peer may suggest */
    public MruOption(int configured, int largestWeAccept) {
        this.configured = Math.max(MIN_MRU, Math.min(configured, largestWeAccept));
        this.largestWeAccept = largestWeAccept;
        resetOurs();
    }

    @Override
    public int type() {
        return LcpOptionType.MRU;
    }

    @Override
    public String describe(ByteBuffer value) {
        return value.remaining() == VALUE_LENGTH ? "mru " + (value.getShort(0) & 0xffff) : "mru ?";
    }

    @Override
    public void resetOurs() {
        ours = configured;
        requesting = configured != PppOptions.DEFAULT_MRU;
    }

    @Override
    public void writeOurs(ByteBuffer out) {
        out.putShort((short) ours);
    }

    @Override
    public boolean nakked(ByteBuffer value) {
        if (value.remaining() != VALUE_LENGTH) {
            return false;
        }
        int suggested = value.getShort(0) & 0xffff;
        if (suggested >= MIN_MRU && suggested <= largestWeAccept) {
            ours = suggested;
        } else {
            requesting = false;
        }
        return true;
    }

    @Override
    public void resetPeer() {
        peerMru = PppOptions.DEFAULT_MRU;
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        if (value.remaining() != VALUE_LENGTH) {
            return ConfigVerdict.MALFORMED;
        }
        if ((value.getShort(0) & 0xffff) < MIN_MRU) {
            nak.putShort((short) MIN_MRU);
            return ConfigVerdict.NAK;
        }
        return ConfigVerdict.ACK;
    }

    @Override
    public void agreed(ByteBuffer value) {
        peerMru = value.getShort(0) & 0xffff;
    }

    /** The largest frame the peer accepts. */
    public int peerMru() {
        return peerMru;
    }
}
