package io.pptp2wg.session;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Whether two logins of one user come from the same device, as far as the gateway can tell: the same
 * {@link DeviceFingerprint} (the name it gives itself in LCP Identification or Start-Control-Connection-Request,
 * vendor, login name form; firmware revision and public address for a device without a name) and, in any case,
 * the same public IP address (not the port: a reconnect opens a new TCP connection). Two pptp-linux sessions from
 * one machine look identical, so "same device" only makes a reconnect possible; {@link ReconnectRule} decides.
 */
public final class SameDevice {
    private SameDevice() {}

    public static boolean test(String user, ClientFingerprint a, ClientFingerprint b) {
        return Objects.equals(ip(a.publicAddress()), ip(b.publicAddress()))
                && DeviceFingerprint.of(user, a).id().equals(DeviceFingerprint.of(user, b).id());
    }

    private static Object ip(InetSocketAddress a) {
        return a == null ? null : a.getAddress();
    }
}
