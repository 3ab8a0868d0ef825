package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Optional;

/**
 * The {@code cutover:} section of config.yml: what a user's native WireGuard configuration says
 * beyond their key and address. Each default comes from the files the gateway already reads.
 */
public class CutoverFactory {
    /** host:port of the backend as users reach it; default: the backend [Peer] Endpoint in wg.conf. */
    @JsonProperty
    private String endpoint;

    /** The networks the user's client sends into the tunnel; default: the backend [Peer] AllowedIPs in wg.conf. */
    @NotNull
    @JsonProperty
    private List<String> allowedIps = List.of();

    /** DNS servers for the client; default: ms-dns from the pppd options file (what PPTP clients got). */
    @NotNull
    @JsonProperty
    private List<String> dns = List.of();

    /** PersistentKeepalive seconds for clients behind NAT; 0 = off. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int persistentKeepalive = 25;

    /** The client interface's MTU; absent = the client's default. */
    @Min(576)
    @Max(65535)
    @JsonProperty
    private Integer mtu;

    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public List<String> allowedIps() {
        return allowedIps;
    }

    public List<String> dns() {
        return dns;
    }

    public int persistentKeepalive() {
        return persistentKeepalive;
    }

    public Optional<Integer> mtu() {
        return Optional.ofNullable(mtu);
    }
}
