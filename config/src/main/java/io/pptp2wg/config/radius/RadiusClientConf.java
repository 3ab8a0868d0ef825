package io.pptp2wg.config.radius;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * radiusclient.conf (pppd 2.4.9's radius plugin, radiusclient-ng's format) as the gateway applies it.
 *
 * @param file            where it was read from
 * @param authServers     {@code authserver}, tried in turn
 * @param acctServers     {@code acctserver}, tried in turn
 * @param timeoutSeconds  {@code radius_timeout}: seconds to wait for each answer
 * @param retries         {@code radius_retries}: how many times a request is sent to one server before the next
 * @param nasIdentifier   {@code nas_identifier}, sent as NAS-Identifier
 * @param bindAddress     {@code bindaddr}: the local address requests are sent from ({@code *} = any)
 * @param defaultRealm    {@code default_realm}: appended as {@code @realm} to a User-Name that has no realm
 * @param plugin          the options file's plugin line, radius-config-file and avpairs
 * @param requireMessageAuthenticator drop replies without Message-Authenticator (RFC 3579; Blast-RADIUS); config.yml's
 *                        {@code pptpd.radiusRequireMessageAuthenticator}, default true
 */
public record RadiusClientConf(
        Path file,
        List<RadiusServer> authServers,
        List<RadiusServer> acctServers,
        int timeoutSeconds,
        int retries,
        Optional<String> nasIdentifier,
        Optional<String> bindAddress,
        Optional<String> defaultRealm,
        RadiusPlugin plugin,
        boolean requireMessageAuthenticator) {

    /** radiusclient's sample radiusclient.conf (shipped with pppd's plugin) says 10 seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    /** radiusclient's sample radiusclient.conf says 3 tries. */
    public static final int DEFAULT_RETRIES = 3;
    /** radiusclient keeps at most this many servers per list (SERVER_MAX). */
    public static final int MAX_SERVERS = 8;

    public RadiusClientConf {
        authServers = List.copyOf(authServers);
        acctServers = List.copyOf(acctServers);
    }

    /** Message-Authenticator required on every reply. */
    public RadiusClientConf(Path file, List<RadiusServer> authServers, List<RadiusServer> acctServers, int timeoutSeconds,
                            int retries, Optional<String> nasIdentifier, Optional<String> bindAddress,
                            Optional<String> defaultRealm, RadiusPlugin plugin) {
        this(file, authServers, acctServers, timeoutSeconds, retries, nasIdentifier, bindAddress, defaultRealm, plugin, true);
    }

    public RadiusClientConf withRequireMessageAuthenticator(boolean require) {
        return new RadiusClientConf(file, authServers, acctServers, timeoutSeconds, retries, nasIdentifier, bindAddress,
                defaultRealm, plugin, require);
    }

    /** The longest a login can wait for RADIUS before it is refused: every server, every try. */
    public long worstCaseSeconds() {
        return (long) authServers.size() * Math.max(1, retries) * timeoutSeconds;
    }

    /** Zeroes every shared secret. */
    public void destroy() {
        authServers.forEach(s -> s.secret().destroy());
        acctServers.forEach(s -> s.secret().destroy());
    }

    @Override
    public String toString() {
        return "RadiusClientConf[" + file + ", auth " + authServers.stream().map(RadiusServer::hostPort).toList()
                + ", acct " + acctServers.stream().map(RadiusServer::hostPort).toList() + ", timeout " + timeoutSeconds
                + " s x " + retries + "]";
    }
}
