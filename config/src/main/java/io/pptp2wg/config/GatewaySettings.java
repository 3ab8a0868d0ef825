package io.pptp2wg.config;

import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.radius.RadiusClientConf;
import io.pptp2wg.config.secrets.UserDirectory;

import java.util.List;
import java.util.Optional;

/**
 * Everything the PPTP side needs, merged from pptpd.conf, the pppd options file, chap-secrets and
 * pap-secrets (or OpenWrt's UCI file), with pptpd's and pppd's defaults.
 *
 * @param listen          the address for TCP 1723 and GRE; empty = all IPv4 addresses
 * @param connections     most simultaneous calls (pptpd's {@code connections})
 * @param stimeoutSeconds seconds a new control connection has to send Start-Control-Connection-Request
 * @param logwtmp         pptpd's {@code logwtmp} (the gateway records logins in its database either way)
 * @param debug           pptpd.conf or options file {@code debug}
 * @param localIp         the gateway's tunnel address (IPCP's local address)
 * @param remotePool      the pool client addresses come from (may be empty if every user has a fixed address)
 * @param ppp             the pppd options
 * @param users           who may log in
 * @param notes           the warnings and ignored options, shown once at start-up
 * @param radius          radiusclient.conf when the options file loads pppd's radius plugin: logins go to RADIUS
 *                        and {@code users} is empty (chap-secrets/pap-secrets are not used, as with pppd)
 */
public record GatewaySettings(
        Optional<String> listen,
        int connections,
        int stimeoutSeconds,
        boolean logwtmp,
        boolean debug,
        int localIp,
        AddressList remotePool,
        PppOptions ppp,
        UserDirectory users,
        List<ConfigProblem> notes,
        Optional<RadiusClientConf> radius) {

    public GatewaySettings {
        notes = List.copyOf(notes);
    }

    /** Without RADIUS: users come from chap-secrets/pap-secrets. */
    public GatewaySettings(Optional<String> listen, int connections, int stimeoutSeconds, boolean logwtmp, boolean debug,
                           int localIp, AddressList remotePool, PppOptions ppp, UserDirectory users, List<ConfigProblem> notes) {
        this(listen, connections, stimeoutSeconds, logwtmp, debug, localIp, remotePool, ppp, users, notes, Optional.empty());
    }

    /** The same settings with a newly read user directory (chap-secrets changed). */
    public GatewaySettings withUsers(UserDirectory newUsers) {
        return new GatewaySettings(listen, connections, stimeoutSeconds, logwtmp, debug, localIp, remotePool, ppp,
                newUsers, notes, radius);
    }
}
