package io.pptp2wg.config.radius;

import java.nio.file.Path;
import java.util.List;

/**
 * The options file loads pppd's radius plugin ({@code plugin radius.so}): logins go to RADIUS and
 * chap-secrets/pap-secrets are not used for authentication, as with pppd.
 *
 * @param file       the options file that loads it
 * @param line       the {@code plugin} line
 * @param configFile {@code radius-config-file}, default {@link #DEFAULT_CONFIG_FILE}
 * @param avpairs    every {@code avpair ATTR=VALUE}, in order
 */
public record RadiusPlugin(String file, int line, Path configFile, List<AvPair> avpairs) {
    /** pppd 2.4.9's radius plugin reads this when no {@code radius-config-file} is given. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/radiusclient/radiusclient.conf");

    public RadiusPlugin {
        avpairs = List.copyOf(avpairs);
    }
}
