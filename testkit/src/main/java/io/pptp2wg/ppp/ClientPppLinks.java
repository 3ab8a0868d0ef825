package io.pptp2wg.ppp;

import java.util.function.Consumer;

/** Creates the client side of PPP links (what pppd runs under pptp-linux), for the tests and the load generator. */
public final class ClientPppLinks {
    private ClientPppLinks() {}

    /**
     * The client side of one PPTP call: authenticates itself, negotiates MPPE and takes the address it is given;
     * {@link PppLinkEvent.Opened} carries our address as {@code localAddress} and the server's as
     * {@code peerAddress}. Debug lines as for {@link PppLinks#server(PppLinkConfig, Consumer)} when the options say
     * {@code debug}.
     */
    public static PppLink client(PppClientConfig config, Consumer<String> debug) {
        return new ClientPppLink(config, debug);
    }

    /** The client side without debug output. */
    public static PppLink client(PppClientConfig config) {
        return new ClientPppLink(config, null);
    }
}
