package io.pptp2wg.config.ppp;

import io.pptp2wg.config.radius.RadiusPlugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pppd options file (options.pptpd) as the gateway applies it to every session.
 *
 * @param file               where it was read from
 * @param name               {@code name}: our name in CHAP challenges and the chap-secrets server column
 * @param auth               the methods a client may authenticate with, in the order they are offered (PAP
 *                           only while pap-secrets has an entry, see {@link AuthProtocol#PAP})
 * @param mppe               the MPPE policy
 * @param msDns              {@code ms-dns} (at most two), RFC 1877 primary and secondary DNS
 * @param msWins             {@code ms-wins} (at most two), RFC 1877 primary and secondary NBNS
 * @param mtu                {@code mtu}: the most we send (bounded by the client's MRU)
 * @param mru                {@code mru}: the MRU we ask for
 * @param pfc                protocol-field compression may be negotiated (not {@code nopcomp})
 * @param acfc               address/control-field compression may be negotiated (not {@code noaccomp})
 * @param lcpEchoInterval    {@code lcp-echo-interval} seconds, 0 = no LCP keepalive
 * @param lcpEchoFailure     {@code lcp-echo-failure}: unanswered echoes before the link is declared dead
 * @param idleSeconds        {@code idle}: disconnect after this long without data, 0 = never
 * @param maxConnectSeconds  {@code maxconnect}: disconnect after this long, 0 = never
 * @param localIp            the {@code LOCAL:REMOTE} option's local part, if given
 * @param remoteIp           the {@code LOCAL:REMOTE} option's remote part, if given
 * @param stripDomain        {@code chapms-strip-domain}: log in "DOMAIN\\user" as "user"
 * @param lcpLimits          LCP restart timer and counters
 * @param ipcpLimits         IPCP (and CCP) restart timer and counters
 * @param chapRestartSeconds {@code chap-restart}: seconds before a CHAP challenge is repeated
 * @param chapMaxChallenge   {@code chap-max-challenge}: challenges sent before giving up
 * @param debug              {@code debug}: log every PPP packet (never a secret)
 * @param radius             {@code plugin radius.so} with its options: logins go to RADIUS
 */
public record PppOptions(
        Path file,
        String name,
        List<AuthProtocol> auth,
        MppePolicy mppe,
        List<Integer> msDns,
        List<Integer> msWins,
        int mtu,
        int mru,
        boolean pfc,
        boolean acfc,
        int lcpEchoInterval,
        int lcpEchoFailure,
        int idleSeconds,
        int maxConnectSeconds,
        Optional<Integer> localIp,
        Optional<Integer> remoteIp,
        boolean stripDomain,
        FsmLimits lcpLimits,
        FsmLimits ipcpLimits,
        int chapRestartSeconds,
        int chapMaxChallenge,
        boolean debug,
        Optional<RadiusPlugin> radius) {

    /** RFC 1661 §6.1: the default MRU, and pppd's default mtu and mru. */
    public static final int DEFAULT_MRU = 1500;
    /** pppd's chap-restart default, seconds. */
    public static final int DEFAULT_CHAP_RESTART_SECONDS = 3;
    /** pppd's chap-max-challenge default. */
    public static final int DEFAULT_CHAP_MAX_CHALLENGE = 10;

    public PppOptions {
        auth = List.copyOf(auth);
        msDns = List.copyOf(msDns);
        msWins = List.copyOf(msWins);
    }

    /** Without the radius plugin. */
    public PppOptions(Path file, String name, List<AuthProtocol> auth, MppePolicy mppe, List<Integer> msDns,
                      List<Integer> msWins, int mtu, int mru, boolean pfc, boolean acfc, int lcpEchoInterval,
                      int lcpEchoFailure, int idleSeconds, int maxConnectSeconds, Optional<Integer> localIp,
                      Optional<Integer> remoteIp, boolean stripDomain, FsmLimits lcpLimits, FsmLimits ipcpLimits,
                      int chapRestartSeconds, int chapMaxChallenge, boolean debug) {
        this(file, name, auth, mppe, msDns, msWins, mtu, mru, pfc, acfc, lcpEchoInterval, lcpEchoFailure, idleSeconds,
                maxConnectSeconds, localIp, remoteIp, stripDomain, lcpLimits, ipcpLimits, chapRestartSeconds,
                chapMaxChallenge, debug, Optional.empty());
    }

    public Set<AuthProtocol> authSet() {
        return Set.copyOf(auth);
    }

    public PppOptions withMppe(MppePolicy policy) {
        return new PppOptions(file, name, auth, policy, msDns, msWins, mtu, mru, pfc, acfc, lcpEchoInterval,
                lcpEchoFailure, idleSeconds, maxConnectSeconds, localIp, remoteIp, stripDomain, lcpLimits,
                ipcpLimits, chapRestartSeconds, chapMaxChallenge, debug, radius);
    }

    public PppOptions withMsDns(List<Integer> dns) {
        return new PppOptions(file, name, auth, mppe, dns, msWins, mtu, mru, pfc, acfc, lcpEchoInterval,
                lcpEchoFailure, idleSeconds, maxConnectSeconds, localIp, remoteIp, stripDomain, lcpLimits,
                ipcpLimits, chapRestartSeconds, chapMaxChallenge, debug, radius);
    }
}
