package io.pptp2wg.ppp.fsm;

/** The actions of RFC 1661 §4.4, with the RFC's abbreviations. */
public enum FsmAction {
    /** This-Layer-Up. */
    TLU("tlu"),
    /** This-Layer-Down. */
    TLD("tld"),
    /** This-Layer-Started. */
    TLS("tls"),
    /** This-Layer-Finished. */
    TLF("tlf"),
    /** Initialize-Restart-Count (Max-Configure before a Configure-Request, Max-Terminate before a Terminate-Request). */
    IRC("irc"),
    /** Zero-Restart-Count (and start the timer, so that the peer has one period to see our Terminate-Ack). */
    ZRC("zrc"),
    /** Send-Configure-Request. */
    SCR("scr"),
    /** Send-Configure-Ack. */
    SCA("sca"),
    /** Send-Configure-Nak or Send-Configure-Reject. */
    SCN("scn"),
    /** Send-Terminate-Request. */
    STR("str"),
    /** Send-Terminate-Ack. */
    STA("sta"),
    /** Send-Code-Reject. */
    SCJ("scj"),
    /** Send-Echo-Reply. */
    SER("ser");

    private final String rfcName;

    FsmAction(String rfcName) {
        this.rfcName = rfcName;
    }

    public String rfcName() {
        return rfcName;
    }
}
