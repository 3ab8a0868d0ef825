package io.pptp2wg.tests.lab;

import java.util.Arrays;
import java.util.Optional;

/**
 * The authentication a pppd client offers. pppd on a client reads {@code require-pap|chap|mschap*} as
 * "the server must authenticate itself to me", so a client limits what it accepts to authenticate with
 * {@code refuse-*} of every other method.
 */
public enum ClientAuth {
    PAP("refuse-pap", "pap"),
    CHAP_MD5("refuse-chap", "chap-MD5"),
    MSCHAP_V1("refuse-mschap", "chap-MS"),
    MSCHAP_V2("refuse-mschap-v2", "chap-MS-v2");

    private final String refuseOption;
    private final String pppdLogName;

    ClientAuth(String refuseOption, String pppdLogName) {
        this.refuseOption = refuseOption;
        this.pppdLogName = pppdLogName;
    }

    /** The pppd option that refuses this method. */
    public String refuseOption() {
        return refuseOption;
    }

    /** As pppd logs the peer's Auth-Protocol option ({@code <auth chap MS-v2>}), spaces as dashes. */
    public String pppdLogName() {
        return pppdLogName;
    }

    /** The method of a {@code RESULT ... auth=} value. */
    public static Optional<ClientAuth> fromPppdLog(String name) {
        return Arrays.stream(values()).filter(a -> a.pppdLogName.equals(name)).findFirst();
    }
}
