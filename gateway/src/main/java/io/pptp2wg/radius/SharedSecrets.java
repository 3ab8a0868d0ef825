package io.pptp2wg.radius;

import io.pptp2wg.config.radius.RadiusServer;

import java.util.Arrays;
import java.util.List;

/**
 * The shared secret of each server of a client's list (RFC 2865 §3), as the octets the MD5 and HMAC computations
 * take ({@link io.pptp2wg.config.secrets.Secret#passwordOctets}: no String of them is ever made), zeroed by
 * {@link #destroy}.
 */
final class SharedSecrets {
    private final byte[][] secrets;

    SharedSecrets(List<RadiusServer> servers) {
        secrets = new byte[servers.size()][];
        for (int i = 0; i < secrets.length; i++) {
            secrets[i] = servers.get(i).secret().passwordOctets();
        }
    }

    /** The secret of server number {@code server}: the client's own array, not a copy. */
    byte[] of(int server) {
        return secrets[server];
    }

    void destroy() {
        for (byte[] s : secrets) {
            Arrays.fill(s, (byte) 0);
        }
    }
}
