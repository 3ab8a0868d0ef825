package io.pptp2wg.ppp;

import java.util.function.Consumer;

/** Creates PPP links: the server side (the gateway) and the client side (the load generator). */
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

    /**
     * The client side of one PPTP call (what pppd runs under pptp-linux): authenticates itself,
     * negotiates MPPE and takes the address it is given; {@link PppLinkEvent.Opened} carries our
     * address as {@code localAddress} and the server's as {@code peerAddress}. Debug lines as for
     * {@link #server(PppLinkConfig, Consumer)} when the options say {@code debug}.
     */
    public static PppLink client(PppClientConfig config, Consumer<String> debug) {
        return new ClientPppLink(config, debug);
    }

    /** The client side without debug output. */
    public static PppLink client(PppClientConfig config) {
        return new ClientPppLink(config, null);
    }
}
