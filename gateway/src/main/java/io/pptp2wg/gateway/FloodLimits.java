package io.pptp2wg.gateway;

/**
 * Caps against floods of TCP 1723 (config.yml {@code floods:}); pptpd has none of them but {@code connections}
 * (calls in all) and {@code stimeout} (a connection that sends no Start-Control-Connection-Request within it is
 * closed, which the gateway honours too). 0 = no cap. The defaults are far above what a client does: one control
 * connection per pptp-linux call manager, one per Windows connection, a few per NAT'ed office.
 *
 * @param connectionsPerSource control connections open at once from one IPv4 address
 * @param halfOpen             control connections open at once (all sources) that have not yet sent
 *                             Start-Control-Connection-Request
 * @param callsPerConnection   calls open at once on one control connection (pptp-linux puts all its calls to one
 *                             server on one connection)
 */
public record FloodLimits(int connectionsPerSource, int halfOpen, int callsPerConnection) {
    public static final int NO_CAP = 0;
    public static final FloodLimits DEFAULTS = new FloodLimits(64, 256, 64);
    public static final FloodLimits OFF = new FloodLimits(NO_CAP, NO_CAP, NO_CAP);

    public FloodLimits {
        if (connectionsPerSource < 0 || halfOpen < 0 || callsPerConnection < 0) {
            throw new IllegalArgumentException("floods: caps are 0 (none) or positive");
        }
    }

    static boolean over(int count, int cap) {
        return cap != NO_CAP && count > cap;
    }
}
