package io.pptp2wg.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an old pptpd host keeps its files, as config.yml names them.
 *
 * @param pptpdConf          pptpd.conf ({@code pptpd.conf}); its {@code option} line names the options file
 * @param options            the pppd options file, when config.yml names it instead of pptpd.conf's {@code option}
 * @param chapSecrets        chap-secrets (default /etc/ppp/chap-secrets)
 * @param papSecrets         pap-secrets (default /etc/ppp/pap-secrets), read when PAP is allowed
 * @param uci                OpenWrt's /etc/config/pptpd, instead of pptpd.conf and chap-secrets
 * @param preferStatefulMppe propose stateful MPPE (needs {@code mppe-stateful} in the options file)
 * @param radiusRequireMessageAuthenticator with pppd's radius plugin: drop an Access-Accept/Reject without
 *                           Message-Authenticator (the Blast-RADIUS mitigation; default true)
 */
public record DropInPaths(
        Optional<Path> pptpdConf,
        Optional<Path> options,
        Path chapSecrets,
        Path papSecrets,
        Optional<Path> uci,
        boolean preferStatefulMppe,
        boolean radiusRequireMessageAuthenticator) {

    public DropInPaths(Optional<Path> pptpdConf, Optional<Path> options, Path chapSecrets, Path papSecrets, Optional<Path> uci,
                       boolean preferStatefulMppe) {
        this(pptpdConf, options, chapSecrets, papSecrets, uci, preferStatefulMppe, true);
    }

    public static final Path DEFAULT_CHAP_SECRETS = Path.of("/etc/ppp/chap-secrets");
    public static final Path DEFAULT_PAP_SECRETS = Path.of("/etc/ppp/pap-secrets");
    /** Where OpenWrt keeps the options file its init script extends. */
    public static final Path OPENWRT_OPTIONS = Path.of("/etc/ppp/options.pptpd");
}
