package io.pptp2wg.ppp.ccp;

import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.RequestedOption;

import java.nio.ByteBuffer;

/**
 * The CCP MPPE option (RFC 3078 §2.1) with pppd 2.4.9's semantics: required or refused, never
 * optional; MPPC refused; one key length per direction, the strongest both allow. Our request
 * (what we receive) offers every allowed length; the peer picks one by Nak-ing. Stateful mode follows
 * {@link StatefulMppe}: REFUSE keeps to stateless, ALLOW accepts stateful when the peer asks or
 * suggests it, PREFER asks for stateful (in our request and, once, in a Nak of the peer's) and falls
 * back to stateless when the peer insists.
 */
public final class MppeOption extends RequestedOption {
    /** pppd's words, which administrators search their logs for. */
    public static final String NEGOTIATION_FAILED = "MPPE required but peer negotiation failed";

    private final boolean required;
    private final StatefulMppe stateful;
    private int allowedLengths;
    private int ours;
    private boolean offeredStateful;
    private int agreedPeer;
    private String failure;

    public MppeOption(MppePolicy policy) {
        this.required = policy.required();
        this.stateful = policy.stateful();
        this.allowedLengths = MppeBits.bits(policy.keyLengths());
        resetOurs();
    }

    /** Narrows the allowed lengths to what the authentication's keys support (MS-CHAPv1: 128 only, as pppd). */
    public void restrictLengths(int lengthBits) {
        allowedLengths &= lengthBits;
        resetOurs();
    }

    @Override
    public int type() {
        return MppeBits.OPTION_TYPE;
    }

    @Override
    public String describe(ByteBuffer value) {
        return value.remaining() == MppeBits.VALUE_LENGTH ? MppeBits.describe(value.getInt(0)) : "mppe ?";
    }

    private int statelessBit() {
        return stateful == StatefulMppe.PREFER ? 0 : MppeBits.H;
    }

    @Override
    public void resetOurs() {
        failure = null;
        requesting = required;
        ours = allowedLengths | statelessBit();
        if (required && allowedLengths == 0) {
            failure = "MPPE required, but no allowed key length is available";
        }
    }

    @Override
    public void writeOurs(ByteBuffer out) {
        out.putInt(ours);
    }

    @Override
    public boolean nakked(ByteBuffer value) {
        if (value.remaining() != MppeBits.VALUE_LENGTH) {
            return false;
        }
        int suggested = value.getInt(0);
        int length = MppeBits.strongest(suggested & allowedLengths);
        if (length == 0) {
            failure = NEGOTIATION_FAILED;
            return true;
        }
        boolean stateless = (suggested & MppeBits.H) != 0;
        if (!stateless && stateful == StatefulMppe.REFUSE) {
            failure = NEGOTIATION_FAILED; // pppd: "Refusing MPPE stateful mode offered by peer"
            return true;
        }
        ours = length | (stateless ? MppeBits.H : 0);
        return true;
    }

    @Override
    public void rejected() {
        failure = NEGOTIATION_FAILED;
    }

    @Override
    public void resetPeer() {
        agreedPeer = 0;
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        if (value.remaining() != MppeBits.VALUE_LENGTH) {
            return ConfigVerdict.MALFORMED;
        }
        if (!required || allowedLengths == 0) {
            return ConfigVerdict.REJECT;
        }
        int asked = value.getInt(0);
        int common = asked & allowedLengths;
        int length = common == 0 ? allowedLengths : MppeBits.strongest(common);
        boolean stateless = (asked & MppeBits.H) != 0;
        if (!stateless && stateful == StatefulMppe.REFUSE) {
            stateless = true;
        } else if (stateless && stateful == StatefulMppe.PREFER && !offeredStateful) {
            offeredStateful = true; // offer stateful once; a peer that asks for stateless again gets it
            stateless = false;
        }
        int answer = length | (stateless ? MppeBits.H : 0);
        if (answer == asked) {
            return ConfigVerdict.ACK;
        }
        nak.putInt(answer);
        return ConfigVerdict.NAK;
    }

    @Override
    public void agreed(ByteBuffer value) {
        agreedPeer = value.getInt(0);
    }

    public boolean required() {
        return required;
    }

    /** Our request's bits (what we receive with), valid once the peer acknowledged it. */
    public int receiveBits() {
        return ours;
    }

    /** The peer's acknowledged request (what we send with), 0 if none. */
    public int sendBits() {
        return agreedPeer;
    }

    /** Why MPPE cannot be negotiated, or null. */
    public String failure() {
        return failure;
    }
}
