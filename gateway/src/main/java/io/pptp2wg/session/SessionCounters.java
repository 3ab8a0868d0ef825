package io.pptp2wg.session;

/** Bytes and packets of IP payload through one session (after MPPE, without PPP/GRE headers). */
public record SessionCounters(long bytesFromClient, long bytesToClient, long packetsFromClient, long packetsToClient) {
    public static final SessionCounters ZERO = new SessionCounters(0, 0, 0, 0);
}
