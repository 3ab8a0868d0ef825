package io.pptp2wg.tests.lab;

/**
 * The options of the last ConfAck in each direction, as pppd logs them: {@code ours} = what the server
 * acknowledged of the client's request, {@code peer} = what the client acknowledged of the server's.
 * E.g. lcpPeer = {@code <mru 1400> <asyncmap 0x0> <auth chap MS-v2> <magic 0x..> <pcomp> <accomp>},
 * ccpOurs = {@code <mppe +H -M +S -L -D -C>} (H stateless, S 128-bit, L 40-bit).
 */
public record Negotiated(String lcpOurs, String lcpPeer, String ccpOurs, String ccpPeer, String ipcpOurs,
                         String ipcpPeer) {
    static final Negotiated NONE = new Negotiated("", "", "", "", "", "");
}
