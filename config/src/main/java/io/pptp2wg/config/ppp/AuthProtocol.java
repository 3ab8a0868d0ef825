package io.pptp2wg.config.ppp;

/** The PPP authentication protocols a pppd options file can name, strongest first. */
public enum AuthProtocol {
    /** MS-CHAP-V2, RFC 2759: the default and the only one that yields MPPE keys with mutual authentication. */
    MSCHAP_V2("MS-CHAPv2"),
    /** MS-CHAP (v1), RFC 2433: when require-mschap names it, or {@code auth} alone (pppd's default set); weak. */
    MSCHAP_V1("MS-CHAPv1"),
    /** CHAP with MD5, RFC 1994: when require-chap names it, or {@code auth} alone; no MPPE keys; weak. */
    CHAP_MD5("CHAP-MD5"),
    /**
     * PAP, RFC 1334: when require-pap names it, or {@code auth} alone; offered only while pap-secrets has an
     * entry for this server (pppd's auth_reset); the password crosses the wire.
     */
    PAP("PAP");

    private final String displayName;

    AuthProtocol(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether the method derives the keys MPPE needs (RFC 3079 §2 and §3). */
    public boolean yieldsMppeKeys() {
        return this == MSCHAP_V2 || this == MSCHAP_V1;
    }
}
