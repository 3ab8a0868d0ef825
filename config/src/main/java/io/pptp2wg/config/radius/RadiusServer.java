package io.pptp2wg.config.radius;

import io.pptp2wg.config.secrets.Secret;

/**
 * One RADIUS server from radiusclient.conf's {@code authserver}/{@code acctserver} with its shared
 * secret from the {@code servers} file. {@link #toString()} never shows the secret.
 *
 * @param host   the name or address as written
 * @param port   the UDP port (RFC 2865 §3: 1812 for authentication; RFC 2866 §3: 1813 for accounting)
 * @param secret the shared secret
 * @param file   where the server was named
 * @param line   its line
 */
public record RadiusServer(String host, int port, Secret secret, String file, int line) {
    /** RFC 2865 §3. */
    public static final int AUTH_PORT = 1812;
    /** RFC 2866 §3. */
    public static final int ACCT_PORT = 1813;

    public String hostPort() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "RadiusServer[" + hostPort() + ", secret hidden]";
    }
}
