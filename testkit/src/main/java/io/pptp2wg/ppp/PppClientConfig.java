package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.FsmLimits;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.secrets.Secret;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * What the client side of a PPP link ({@link PppLinks#client}) needs. In {@code options},
 * {@code auth} lists the methods we are willing to authenticate with, in order of preference (pppd's
 * client without the {@code refuse-*} ones); {@code mppe} is what we require ({@link
 * io.pptp2wg.config.ppp.StatefulMppe#PREFER} proposes stateful mode, which a pppd server accepts only
 * with {@code mppe-stateful}); MRU, PFC/ACFC, LCP echo and the restart limits are as for the server.
 *
 * @param user   our name in CHAP Responses and PAP requests
 * @param secret our password (or NT hash, enough for MS-CHAP); not copied, not zeroed here
 * @param random peer challenges, magic numbers, Identifiers: a SecureRandom in production
 */
public record PppClientConfig(PppOptions options, String user, Secret secret, Random random) {
    /** pptp-linux's usual pppd options: MTU/MRU 1400, PFC and ACFC, no LCP echo, RFC 1661 timers. */
    public static final int CLIENT_MRU = 1400;

    /** pppd-like client options accepting {@code auth} and requiring {@code mppe}; {@code debug} turns on debug lines. */
    public static PppOptions options(List<AuthProtocol> auth, MppePolicy mppe, int lcpEchoInterval, int lcpEchoFailure,
                                     boolean debug) {
        return new PppOptions(Path.of("(client)"), "", auth, mppe, List.of(), List.of(), CLIENT_MRU, CLIENT_MRU, true,
                true, lcpEchoInterval, lcpEchoFailure, 0, 0, Optional.empty(), Optional.empty(), false,
                FsmLimits.RFC1661_DEFAULTS, FsmLimits.RFC1661_DEFAULTS, PppOptions.DEFAULT_CHAP_RESTART_SECONDS,
                PppOptions.DEFAULT_CHAP_MAX_CHALLENGE, debug);
    }
}
