package io.pptp2wg.pptp.control;

/** Why a control message was refused by {@link ControlCodec#decode}; each is counted. */
public enum Malformed {
    /** Fewer octets than the §2 header. */
    TRUNCATED_HEADER,
    /** The Length field disagrees with the frame, or is below the header or above the longest message. */
    BAD_LENGTH,
    /** PPTP Message Type is not 1 (Control Message). */
    NOT_CONTROL_MESSAGE,
    /** Magic Cookie is not 0x1A2B3C4D. */
    BAD_MAGIC_COOKIE,
    /** Control Message Type is not one of the fifteen in §2. */
    UNKNOWN_TYPE,
    /** Shorter than its Control Message Type requires. */
    SHORT_FOR_TYPE
}
