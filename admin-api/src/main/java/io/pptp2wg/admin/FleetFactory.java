package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.pptp2wg.admin.fleet.FleetSettings;
import jakarta.validation.constraints.Pattern;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@code fleet:} section of config.yml: this node's name and, with {@code enabled: true}, the gateways that share
 * one PostgreSQL database (issue 14). Off by default: a single gateway behaves as before.
 */
public class FleetFactory {
    /** Several gateways share the database: addresses leased there, sessions listed and ended fleet-wide. */
    @JsonProperty
    private boolean enabled = false;

    /** This node's name (in sessions, events' nodes, /prometheus); default: the host name. */
    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "a host-name-like word of at most 64 characters")
    @JsonProperty
    private String nodeName;

    /** How often a node writes its heartbeat and looks for disconnect requests addressed to it. */
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration heartbeatInterval = Duration.seconds(1);

    /** A node whose heartbeat is older than this has its sessions recorded LOST (by another node). */
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration lostAfter = Duration.seconds(15);

    public boolean enabled() {
        return enabled;
    }

    public String nodeName() {
        if (nodeName != null) {
            return nodeName;
        }
        return defaultNodeName();
    }

    static String defaultNodeName() {
        String env = System.getenv("HOSTNAME");
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = env == null || env.isBlank() ? "localhost" : env;
        }
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return cleaned.isEmpty() ? "localhost" : cleaned.substring(0, Math.min(64, cleaned.length()));
    }

    public FleetSettings build() {
        java.time.Duration beat = heartbeatInterval.toJavaDuration();
        java.time.Duration lost = lostAfter.toJavaDuration();
        if (lost.compareTo(beat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("fleet.lostAfter (" + lostAfter + ") must be at least 3 heartbeatIntervals ("
                    + heartbeatInterval + "): a node late by one beat must not be declared dead");
        }
        return new FleetSettings(enabled, nodeName(), beat, lost);
    }
}
