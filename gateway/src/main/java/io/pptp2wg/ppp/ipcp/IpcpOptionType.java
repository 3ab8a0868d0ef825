package io.pptp2wg.ppp.ipcp;

/** IPCP Configuration Option types: RFC 1332 §3 and RFC 1877 §1. */
public final class IpcpOptionType {
    private IpcpOptionType() {}

    /** RFC 1332 §3.1 (deprecated IP-Addresses): rejected. */
    public static final int IP_ADDRESSES = 1;
    /** RFC 1332 §3.2: Van Jacobson compression, rejected. */
    public static final int IP_COMPRESSION_PROTOCOL = 2;
    /** RFC 1332 §3.3. */
    public static final int IP_ADDRESS = 3;
    /** RFC 1877 §1.1. */
    public static final int PRIMARY_DNS = 129;
    /** RFC 1877 §1.2. */
    public static final int PRIMARY_NBNS = 130;
    /** RFC 1877 §1.3. */
    public static final int SECONDARY_DNS = 131;
    /** RFC 1877 §1.4. */
    public static final int SECONDARY_NBNS = 132;

    /** An IPv4 address option's Data. */
    public static final int ADDRESS_LENGTH = 4;
}
