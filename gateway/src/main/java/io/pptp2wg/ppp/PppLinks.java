package io.pptp2wg.ppp;

import java.util.function.Consumer;

/** Creates the server side of PPP links (the gateway); the client side is in the testkit module ({@code ClientPppLinks}). */
public final class PppLinks {
    private PppLinks() {}

    /** The server side of one PPTP call, without debug output. */
    public static PppLink server(PppLinkConfig config) {
        return new ServerPppLink(config, null);
    }

    /**
     * The server side of one PPTP call. When the options say {@code debug}, {@code debug} receives
     * pppd-like lines ("rcvd [LCP ConfReq id=0x1 <mru 1400> ...]", "MPPE 128-bit stateless
     * compression enabled", drops with their reason); never a password, hash, key or response value.
     * It is called synchronously on the link's thread.
     */
    public static PppLink server(PppLinkConfig config, Consumer<String> debug) {
        return new ServerPppLink(config, debug);
    }
}
