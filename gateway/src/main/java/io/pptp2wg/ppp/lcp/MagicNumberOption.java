package io.pptp2wg.ppp.lcp;

import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.RequestedOption;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * RFC 1661 §6.4 Magic-Number: ours is random and never zero; a peer presenting ours (or Nak-ing
 * ours with ours) suggests a looped-back link, so a fresh number is chosen and the event counted.
 */
public final class MagicNumberOption extends RequestedOption {
    /** The option's Data: a 32-bit number. */
    private static final int VALUE_LENGTH = 4;

    private final Random random;
    private int ours;
    private int peerMagic;
    private long loopbacksSuspected;

    public MagicNumberOption(Random random) {
        this.random = random;
        resetOurs();
    }

    private int fresh() {
        int m;
        do {
            m = random.nextInt();
        } while (m == 0 || m == ours);
        return m;
    }

    @Override
    public int type() {
        return LcpOptionType.MAGIC_NUMBER;
    }

    @Override
    public String describe(ByteBuffer value) {
        return value.remaining() == VALUE_LENGTH ? String.format("magic 0x%x", value.getInt(0)) : "magic ?";
    }

    @Override
    public void resetOurs() {
        ours = fresh();
        requesting = true;
    }

    @Override
    public void writeOurs(ByteBuffer out) {
        out.putInt(ours);
    }

    @Override
    public boolean nakked(ByteBuffer value) {
        if (value.remaining() != VALUE_LENGTH) {
            return false;
        }
        loopbacksSuspected++;
        ours = fresh();
        return true;
    }

    @Override
    public void resetPeer() {
        peerMagic = 0;
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        if (value.remaining() != VALUE_LENGTH) {
            return ConfigVerdict.MALFORMED;
        }
        int theirs = value.getInt(0);
        if (requesting && theirs == ours) {
            loopbacksSuspected++;
            nak.putInt(fresh());
            return ConfigVerdict.NAK;
        }
        return ConfigVerdict.ACK;
    }

    @Override
    public void agreed(ByteBuffer value) {
        peerMagic = value.getInt(0);
    }

    /** Our magic number as agreed, 0 when the peer rejected the option. */
    public int ours() {
        return requesting ? ours : 0;
    }

    public int peerMagic() {
        return peerMagic;
    }

    public long loopbacksSuspected() {
        return loopbacksSuspected;
    }
}
