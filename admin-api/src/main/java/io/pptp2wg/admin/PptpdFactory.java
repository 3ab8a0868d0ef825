package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pptp2wg.config.DropInPaths;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.util.Optional;

/** The {@code pptpd:} section of config.yml: where the old host's files are. */
public class PptpdFactory {
    /** pptpd.conf, read unchanged; its {@code option} line names the pppd options file. */
    @JsonProperty
    private Path conf;

    /** The pppd options file, when it should not come from pptpd.conf's {@code option} line. */
    @JsonProperty
    private Path options;

    @JsonProperty
    private Path chapSecrets = DropInPaths.DEFAULT_CHAP_SECRETS;

    @JsonProperty
    private Path papSecrets = DropInPaths.DEFAULT_PAP_SECRETS;

    /** OpenWrt's /etc/config/pptpd, instead of conf + chapSecrets. */
    @JsonProperty
    private Path uci;

    /**
     * Propose stateful MPPE (re-keyed every 256 packets) instead of stateless, as the oldest Windows
     * clients ran. Needs {@code mppe-stateful} (or {@code mppe ...,stateful}) in the options file.
     */
    @JsonProperty
    private boolean preferStatefulMppe;

    /**
     * With pppd's radius plugin: drop an Access-Accept/Reject without Message-Authenticator (the Blast-RADIUS
     * mitigation). false only for servers that cannot send it yet (FreeRADIUS before 3.2.5 without a policy that adds it).
     */
    @JsonProperty
    private boolean radiusRequireMessageAuthenticator = true;

    /** With pppd's radius plugin: accounting, and RFC 5176 dynamic authorization (off unless configured). */
    @Valid
    @NotNull
    @JsonProperty
    private RadiusFactory radius = new RadiusFactory();

    public RadiusFactory radius() {
        return radius;
    }

    /** The answer to Windows clients' DHCPINFORM (routes, DNS, WINS, domain). */
    @Valid
    @NotNull
    @JsonProperty
    private DhcpFactory dhcp = new DhcpFactory();

    public DhcpFactory dhcp() {
        return dhcp;
    }

    /**
     * The most sessions one user (one chap-secrets name) may have at once; null = no limit but pptpd.conf's
     * {@code connections}, as with pptpd. A login beyond it is refused with a message to the client.
     */
    @JsonProperty
    @jakarta.validation.constraints.Min(1)
    private Integer maxSessionsPerUser;

    /** {@link #maxSessionsPerUser}, 0 for none. */
    public int maxSessionsPerUser() {
        return maxSessionsPerUser == null ? 0 : maxSessionsPerUser;
    }

    public DropInPaths toPaths() {
        return new DropInPaths(Optional.ofNullable(conf), Optional.ofNullable(options), chapSecrets, papSecrets,
                Optional.ofNullable(uci), preferStatefulMppe, radiusRequireMessageAuthenticator);
    }
}
