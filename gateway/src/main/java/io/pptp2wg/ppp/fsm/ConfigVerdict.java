package io.pptp2wg.ppp.fsm;

/** How we answer a Configure-Request (RFC 1661 §5.2-5.4), or that it is too broken to answer. */
public enum ConfigVerdict {
    ACK(ControlCode.CONFIGURE_ACK),
    NAK(ControlCode.CONFIGURE_NAK),
    REJECT(ControlCode.CONFIGURE_REJECT),
    /** The option list is malformed: the packet is silently discarded (RFC 1661 §5). */
    MALFORMED(0);

    private final int code;

    ConfigVerdict(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
