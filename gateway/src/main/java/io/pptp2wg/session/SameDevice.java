package io.pptp2wg.session;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Whether two logins come from the same device, as far as the gateway can tell: the same Start-Control-Connection-
 * Request host name, vendor and firmware revision (RFC 2637 §2.1) and the same public IP address (not the port: a
 * reconnect opens a new TCP connection). Two pptp-linux sessions from one machine look identical, so "same device"
 * only makes a reconnect possible; {@link ReconnectRule} decides. Kept in one place, to be replaced by a richer
 * fingerprint (LCP Identification, MS-CHAP behaviour).
 */
public final class SameDevice {
    private SameDevice() {}

    public static boolean test(ClientFingerprint a, ClientFingerprint b) {
        return a.firmwareRevision() == b.firmwareRevision()
                && Objects.equals(a.hostName(), b.hostName())
                && Objects.equals(a.vendor(), b.vendor())
                && Objects.equals(ip(a.publicAddress()), ip(b.publicAddress()));
    }

    private static Object ip(InetSocketAddress a) {
        return a == null ? null : a.getAddress();
    }
}
