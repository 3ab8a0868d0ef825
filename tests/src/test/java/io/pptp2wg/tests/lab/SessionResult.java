package io.pptp2wg.tests.lab;

import java.util.List;
import java.util.Optional;

/**
 * One pppd + pptp session of a scenario, from pppd's own log.
 *
 * @param user          the user the session logged in as
 * @param up            ppp interface came up (pppd ran ip-up)
 * @param upSeconds     from the scenario's start to ip-up
 * @param auth          the authentication pppd acknowledged, as logged: chap-MS-v2, chap-MS, chap-MD5, pap, none
 * @param authResult    succeeded, failed or none (pppd's "CHAP|PAP authentication ...")
 * @param mppe          as pppd logs it ("MPPE 128-bit stateless compression enabled" gives "128-bit stateless"), or none
 * @param dns           the server's DNS addresses, comma-separated (only with usepeerdns)
 * @param downReason    for a session that did not come up: the most telling log line (e.g. the CHAP Failure with E=691)
 * @param holdPing      the pings of a {@link ClientScenario#holdPing hold}
 * @param pppLog        pppd's full log (on the console when the scenario failed or showed its logs), else empty
 */
public record SessionResult(int index, String user, boolean up, String iface, String localAddress, String remoteAddress,
                            double upSeconds, String auth, String authResult, String mppe, String dns,
                            String downReason, Negotiated negotiated, Optional<PingResult> ping,
                            List<IperfResult> iperf, Optional<HoldPing> holdPing, Optional<SessionEnd> end,
                            List<String> pppLog) {
    /** MPPE off. */
    public static final String NO_MPPE = "none";

    public Optional<ClientAuth> authMethod() {
        return ClientAuth.fromPppdLog(auth);
    }

    /** True when the log (when shown) has a line containing {@code text}. */
    public boolean logContains(String text) {
        return pppLog.stream().anyMatch(l -> l.contains(text));
    }

    /**
     * Pings all through a hold: {@code tx} sent, {@code rx} answered, the longest run of unanswered ones
     * ({@code gapMax}, after the reply to seq {@code gapAfter}), at {@code intervalSeconds}.
     */
    public record HoldPing(String target, double intervalSeconds, int tx, int rx, int gapMax, int gapAfter) {
        /** The longest time without a reply, in seconds (gap x interval). */
        public double longestGapSeconds() {
            return gapMax * intervalSeconds;
        }
    }

    /** How the session ended: "Connection terminated" logged, bytes pppd counted. */
    public record SessionEnd(boolean terminated, long sentBytes, long receivedBytes) {}
}
