package io.pptp2wg.ppp;

/** PPP Protocol field values (RFC 1661 §2 and the IANA PPP DLL protocol numbers), with their RFCs. */
public final class PppProtocol {
    private PppProtocol() {}

    /** RFC 1332 §2: Internet Protocol. */
    public static final int IP = 0x0021;
    /** RFC 5072: IPv6 (not carried: IPV6CP is Protocol-Rejected). */
    public static final int IPV6 = 0x0057;
    /** RFC 1962 §2: a compressed (for MPPE, RFC 3078 §3: encrypted) datagram. */
    public static final int COMPRESSED_DATAGRAM = 0x00FD;
    /** RFC 1332 §2: IP Control Protocol. */
    public static final int IPCP = 0x8021;
    /** RFC 5072: IPv6 Control Protocol. */
    public static final int IPV6CP = 0x8057;
    /** RFC 1962 §2: Compression Control Protocol. */
    public static final int CCP = 0x80FD;
    /** RFC 1661 §5: Link Control Protocol. */
    public static final int LCP = 0xC021;
    /** RFC 1334 §2: Password Authentication Protocol. */
    public static final int PAP = 0xC023;
    /** RFC 1994 §4: Challenge Handshake Authentication Protocol (and MS-CHAP, RFC 2433/2759). */
    public static final int CHAP = 0xC223;
    /** RFC 3748: EAP (only named in debug lines; never negotiated). */
    public static final int EAP = 0xC227;

    /** Network-layer protocols occupy 0x0xxx-0x3xxx (RFC 1661 §2); 0x8xxx-0xBxxx are their NCPs. */
    public static boolean isNetworkLayer(int protocol) {
        return protocol < 0x4000;
    }

    /** pppd's names, for debug lines. */
    public static String name(int protocol) {
        return switch (protocol) {
            case IP -> "IP";
            case IPV6 -> "IPv6";
            case COMPRESSED_DATAGRAM -> "CompressedDatagram";
            case IPCP -> "IPCP";
            case IPV6CP -> "IPV6CP";
            case CCP -> "CCP";
            case LCP -> "LCP";
            case PAP -> "PAP";
            case CHAP -> "CHAP";
            case EAP -> "EAP";
            default -> String.format("0x%04x", protocol);
        };
    }
}
