package io.pptp2wg.radius;

import io.pptp2wg.config.radius.RadiusServer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The shared secret of each server of a client's list (RFC 2865 §3), as the octets the MD5 and HMAC computations
 * take: encoded from the configuration's characters without ever making a String of them, the characters zeroed
 * once encoded, the octets zeroed by {@link #destroy}.
 */
final class SharedSecrets {
    private final byte[][] secrets;

    SharedSecrets(List<RadiusServer> servers) {
        secrets = new byte[servers.size()][];
        for (int i = 0; i < secrets.length; i++) {
            char[] pw = servers.get(i).secret().password();
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pw));
            secrets[i] = new byte[b.remaining()];
            b.get(secrets[i]);
            if (b.hasArray()) {
                Arrays.fill(b.array(), (byte) 0);
            }
            Arrays.fill(pw, '\0');
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
