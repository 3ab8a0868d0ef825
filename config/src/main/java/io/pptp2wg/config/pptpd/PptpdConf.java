package io.pptp2wg.config.pptpd;

import io.pptp2wg.config.AddressList;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What pptpd.conf says, with pptpd's defaults filled in.
 *
 * @param file          where it was read from
 * @param optionFile    the pppd options file named by {@code option} (pptpd passes it to pppd)
 * @param localIp       {@code localip}: the gateway's tunnel address(es)
 * @param remoteIp      {@code remoteip}: the pool clients get addresses from
 * @param listen        {@code listen}: the address for TCP 1723 and GRE; empty = all addresses
 * @param connections   {@code connections}: most simultaneous calls (pptpd default 100)
 * @param logwtmp       {@code logwtmp}: record logins (the gateway always records them in its database)
 * @param stimeoutSeconds {@code stimeout}: seconds a new control connection has to start (default 10)
 * @param delegate      {@code delegate}: addresses come from pppd (radius) rather than pptpd's pool
 * @param noipparam     {@code noipparam}: do not pass the client address to pppd as ipparam
 * @param debug         {@code debug}
 */
public record PptpdConf(
        Path file,
        Optional<Path> optionFile,
        int optionLine,
        AddressList localIp,
        int localIpLine,
        AddressList remoteIp,
        int remoteIpLine,
        Optional<String> listen,
        int connections,
        boolean logwtmp,
        int stimeoutSeconds,
        boolean delegate,
        boolean noipparam,
        boolean debug) {

    /** pptpd's default for {@code connections} (MAX_CONNECTIONS in its defaults.h). */
    public static final int DEFAULT_CONNECTIONS = 100;
    /** pptpd's default for {@code stimeout} (STIMEOUT in its defaults.h), in seconds. */
    public static final int DEFAULT_STIMEOUT_SECONDS = 10;

    public static PptpdConf defaults(Path file) {
        return new PptpdConf(file, Optional.empty(), 0, AddressList.empty(), 0, AddressList.empty(), 0,
                Optional.empty(), DEFAULT_CONNECTIONS, false, DEFAULT_STIMEOUT_SECONDS, false, false, false);
    }
}
