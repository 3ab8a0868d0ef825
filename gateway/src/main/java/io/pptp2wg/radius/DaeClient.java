package io.pptp2wg.radius;

import java.util.Arrays;

/**
 * A RADIUS server allowed to send Disconnect- and CoA-Requests (RFC 5176 §5.3), by source address, with its
 * shared secret. {@link #toString()} never shows the secret; {@link #destroy()} zeroes it.
 *
 * @param address the client's source address (4 or 16 octets)
 * @param name    how the log names it (the address as configured)
 * @param secret  the shared secret's octets
 */
public record DaeClient(byte[] address, String name, byte[] secret) {
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
    }

    @Override
    public String toString() {
        return "DaeClient[" + name + ", secret hidden]";
    }
}
