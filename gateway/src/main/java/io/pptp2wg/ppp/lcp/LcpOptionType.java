package io.pptp2wg.ppp.lcp;

/** LCP Configuration Option types (RFC 1661 §6; the rest from the IANA PPP LCP option registry). */
public final class LcpOptionType {
    private LcpOptionType() {}

    /** RFC 1661 §6.1. */
    public static final int MRU = 1;
    /** RFC 1662 §7.1 (async links only; meaningless in GRE, acknowledged anyway). */
    public static final int ACCM = 2;
    /** RFC 1661 §6.2. */
    public static final int AUTHENTICATION_PROTOCOL = 3;
    /** RFC 1661 §6.3 (LQR): rejected. */
    public static final int QUALITY_PROTOCOL = 4;
    /** RFC 1661 §6.4. */
    public static final int MAGIC_NUMBER = 5;
    /** RFC 1661 §6.5. */
    public static final int PROTOCOL_FIELD_COMPRESSION = 7;
    /** RFC 1661 §6.6. */
    public static final int ADDRESS_CONTROL_FIELD_COMPRESSION = 8;
    /** RFC 1570 §2.3 (Callback): rejected. */
    public static final int CALLBACK = 13;
    /** RFC 1990 §5.1.1 (multilink MRRU): rejected. */
    public static final int MULTILINK_MRRU = 17;
    /** RFC 1990 §5.1.3 (multilink endpoint discriminator): rejected. */
    public static final int ENDPOINT_DISCRIMINATOR = 19;
}
