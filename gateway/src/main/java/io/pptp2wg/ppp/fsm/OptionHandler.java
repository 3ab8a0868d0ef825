package io.pptp2wg.ppp.fsm;

import java.nio.ByteBuffer;

/**
 * One configuration option of one control protocol (like one of accel-ppp's per-option files):
 * what we request, how we take the peer's Nak or Reject of it, and how we judge the peer's value.
 * Value buffers hold only the option's Data (after Type and Length), positioned at its start.
 */
public interface OptionHandler {
    /** The option's Type octet. */
    int type();

    /** pppd's printed form of a value, for debug lines ("mru 1400"); never a secret. */
    String describe(ByteBuffer value);

    // Our side: the options we ask for (what the peer must send us).

    /** A new negotiation starts: go back to what the configuration asks for. */
    void resetOurs();

    /** Whether our next Configure-Request carries this option. */
    boolean requesting();

    /** Our value, without Type and Length. */
    void writeOurs(ByteBuffer out);

    /** The peer suggests another value; false when the suggestion is malformed. */
    boolean nakked(ByteBuffer value);

    /** The peer refuses the option: stop asking (or give up, if we cannot do without it). */
    void rejected();

    // The peer's side: the options it asks for (what we must send it).

    /** A Configure-Request from the peer is about to be judged: its values go back to the defaults. */
    void resetPeer();

    /**
     * Judges the peer's value. For {@link ConfigVerdict#NAK} the value we suggest (without Type and
     * Length) is written to {@code nak}. {@link ConfigVerdict#MALFORMED} is answered with a Reject.
     */
    ConfigVerdict judge(ByteBuffer value, ByteBuffer nak);

    /** The peer left the option out but we want it: write the value to suggest and return true. */
    default boolean nakIfMissing(ByteBuffer nak) {
        return false;
    }

    /** We acknowledged the peer's request with this value: it is in force. */
    void agreed(ByteBuffer value);
}
