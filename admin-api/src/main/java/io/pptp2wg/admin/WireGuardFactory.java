package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pptp2wg.config.wireguard.WireGuardMode;

import java.nio.file.Path;

/** The {@code wireguard:} section of config.yml. */
public class WireGuardFactory {
    /** A wg-quick file: [Interface] PrivateKey, ListenPort; one [Peer], the backend. */
    @JsonProperty
    private Path config = Path.of("/etc/pptp2wg/wg.conf");

    /** {@code per-user} (default) or {@code shared}. */
    @jakarta.validation.constraints.Pattern(regexp = "per-user|shared", message = "must be 'per-user' or 'shared'")
    @JsonProperty
    private String mode = WireGuardMode.PER_USER.configName();

    public Path config() {
        return config;
    }

    public WireGuardMode mode() {
        return WireGuardMode.fromConfig(mode);
    }
}
