package io.pptp2wg.tests.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * A pppd client's option list, built from what a test means (pppd 2.4.9 semantics, checked against
 * pptpd): one authentication method (the others refused), MPPE required or not (pppd has no optional
 * MPPE: without {@code require-mppe*} it refuses MPPE, and with it only MS-CHAP can authenticate),
 * {@code mppe-stateful} to accept a server's stateful proposal (pppd itself always asks for stateless).
 *
 * <pre>{@code
 * PppdOptions.client(ClientAuth.MSCHAP_V2).requireMppe128().mppeStateful()
 * PppdOptions.client(ClientAuth.PAP)                 // no MPPE; the scenario adds the pap-secrets entry
 * }</pre>
 */
public final class PppdOptions {
    private final ClientAuth auth;
    private final List<String> mppe = new ArrayList<>();
    private final List<String> extra = new ArrayList<>();
    private int mtu = 1400;
    private int mru = 1400;
    private int lcpEchoInterval = 5;
    private int lcpEchoFailure;

    private PppdOptions(ClientAuth auth) {
        this.auth = auth;
    }

    /** Authenticates with {@code auth} only, no MPPE yet, MTU/MRU 1400, LCP echo every 5 s. */
    public static PppdOptions client(ClientAuth auth) {
        return new PppdOptions(auth);
    }

    /** The usual Linux client: MS-CHAPv2 and MPPE-128 (which pppd asks for stateless). */
    public static PppdOptions mschapV2Mppe128() {
        return client(ClientAuth.MSCHAP_V2).requireMppe128();
    }

    public PppdOptions requireMppe128() {
        mppe.add("require-mppe-128");
        return this;
    }

    public PppdOptions requireMppe40() {
        mppe.add("require-mppe-40");
        return this;
    }

    /** MPPE of any strength the server proposes. */
    public PppdOptions requireMppe() {
        mppe.add("require-mppe");
        return this;
    }

    /** Accept stateful MPPE when the server proposes it (pppd never asks for it itself). */
    public PppdOptions mppeStateful() {
        mppe.add("mppe-stateful");
        return this;
    }

    public PppdOptions mtu(int bytes) {
        mtu = bytes;
        return this;
    }

    public PppdOptions mru(int bytes) {
        mru = bytes;
        return this;
    }

    /** LCP echo every {@code interval} s; the link is dropped after {@code failures} unanswered (0 = never). */
    public PppdOptions lcpEcho(int interval, int failures) {
        lcpEchoInterval = interval;
        lcpEchoFailure = failures;
        return this;
    }

    /** Asks for the server's DNS addresses (they then show in {@link SessionResult#dns()}). */
    public PppdOptions usePeerDns() {
        extra.add("usepeerdns");
        return this;
    }

    /** Any other pppd options, verbatim. */
    public PppdOptions add(String... options) {
        extra.addAll(List.of(options));
        return this;
    }

    public ClientAuth auth() {
        return auth;
    }

    @Override
    public String toString() {
        List<String> o = new ArrayList<>();
        for (ClientAuth other : ClientAuth.values()) {
            if (other != auth) {
                o.add(other.refuseOption());
            }
        }
        o.add("refuse-eap");
        o.addAll(mppe);
        o.addAll(extra);
        o.addAll(List.of("nodefaultroute", "mtu", Integer.toString(mtu), "mru", Integer.toString(mru),
                "lcp-echo-interval", Integer.toString(lcpEchoInterval)));
        if (lcpEchoFailure > 0) {
            o.addAll(List.of("lcp-echo-failure", Integer.toString(lcpEchoFailure)));
        }
        o.add("noauth"); // last: the server need not authenticate itself to us
        return String.join(" ", o);
    }
}
