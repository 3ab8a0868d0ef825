package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pptp2wg.gateway.radius.RadiusOptions;
import io.pptp2wg.radius.DaeClient;
import io.pptp2wg.radius.RadiusWire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * config.yml's {@code pptpd.radius:}: what pppd's radius plugin does not read from radiusclient.conf. Accounting
 * follows radiusclient.conf's {@code acctserver}s; dynamic authorization (RFC 5176) is off unless configured.
 */
public class RadiusFactory {
    /** Send accounting (RFC 2866) to the acctservers, as pppd's plugin always does. */
    @JsonProperty
    private boolean accounting = true;

    /** Interim-Update every so many seconds when the Access-Accept has no Acct-Interim-Interval; 0 = none (pppd). */
    @JsonProperty
    @Min(0)
    private int interimIntervalSeconds;

    /** The least Interim-Update interval (pppd and RFC 2869 §2.1: 60); lower only for tests. */
    @JsonProperty
    @Min(1)
    private int minimumInterimSeconds = RadiusOptions.PPPD_MINIMUM_INTERIM_SECONDS;

    /** RFC 5176's Disconnect-/CoA-Requests; absent = off. */
    @Valid
    @JsonProperty
    private DynamicAuthorizationFactory dynamicAuthorization;

    public static class DynamicAuthorizationFactory {
        /** The local address to listen on (a literal). */
        @NotEmpty
        @JsonProperty
        private String listen;

        @Min(1)
        @Max(65535)
        @JsonProperty
        private int port = RadiusWire.DAE_PORT;

        @Valid
        @NotEmpty
        @JsonProperty
        private List<ClientFactory> clients = new ArrayList<>();
    }

    /** One RADIUS server allowed to send requests. */
    public static class ClientFactory {
        /** Its source address (a literal). */
        @NotEmpty
        @JsonProperty
        private String address;

        /** Its shared secret (never logged). */
        @NotNull
        @NotEmpty
        @JsonProperty
        private String secret;

        @Override
        public String toString() {
            return "client " + address + " (secret hidden)";
        }
    }

    public RadiusOptions build() {
        Optional<RadiusOptions.DynamicAuthorization> dae = Optional.ofNullable(dynamicAuthorization).map(d -> {
            List<DaeClient> clients = new ArrayList<>();
            for (ClientFactory c : d.clients) {
                clients.add(new DaeClient(literal(c.address, "pptpd.radius.dynamicAuthorization.clients[].address").getAddress(),
                        c.address, c.secret.getBytes(StandardCharsets.UTF_8)));
            }
            literal(d.listen, "pptpd.radius.dynamicAuthorization.listen");
            return new RadiusOptions.DynamicAuthorization(d.listen, d.port, clients);
        });
        return new RadiusOptions(accounting, interimIntervalSeconds, minimumInterimSeconds, dae);
    }

    /** An address literal, never a name to look up. */
    private static InetAddress literal(String text, String key) {
        if (text == null || !(text.matches("\\d{1,3}(\\.\\d{1,3}){3}") || text.contains(":"))) {
            throw new IllegalArgumentException("config.yml " + key + ": '" + text + "' is not an IP address literal");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("config.yml " + key + ": '" + text + "' is not an IP address", e);
        }
    }
}
