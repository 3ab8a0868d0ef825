package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Set;

/**
 * The {@code selfService:} section of config.yml: the page each PPTP user opens through their own tunnel, at
 * {@code http://<localip>/}, to take their WireGuard configuration themselves. Off by default.
 */
public class SelfServiceFactory {
    /** Whether the gateway answers HTTP on its tunnel address (needs CAP_NET_ADMIN for the TUN device). */
    @JsonProperty
    private boolean enabled;

    /** Only these users get the page (the others a refusal); empty = every user. */
    @NotNull
    @JsonProperty
    private List<String> users = List.of();

    /** Whether the page shows the configuration as a QR code (for the mobile apps) beside the file. */
    @JsonProperty
    private boolean qr = true;

    /** A notice at the top of the page this many days before the user's sunset date; 0 = none. */
    @Min(0)
    @Max(3650)
    @JsonProperty
    private int noticeDays = 14;

    /** The TCP port on the tunnel address (80: users type the bare address). */
    @Min(1)
    @Max(65535)
    @JsonProperty
    private int port = 80;

    /** The TUN device that holds the tunnel address in the host's stack. */
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9_.-]{1,15}", message = "must be an interface name of 1 to 15 of [A-Za-z0-9_.-]")
    @JsonProperty
    private String device = "pptp2wg-self";

    public boolean enabled() {
        return enabled;
    }

    /** Empty = every user. */
    public Set<String> users() {
        return Set.copyOf(users);
    }

    public boolean qr() {
        return qr;
    }

    public int noticeDays() {
        return noticeDays;
    }

    public int port() {
        return port;
    }

    public String device() {
        return device;
    }
}
