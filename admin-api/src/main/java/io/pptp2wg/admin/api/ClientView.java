package io.pptp2wg.admin.api;

import io.pptp2wg.session.ClientFingerprint;

/** A PPTP client as it described itself (RFC 2637 §2.1) and where it connected from (the IP address only). */
public record ClientView(String hostName, String vendor, Integer firmwareRevision, String publicAddress) {
    public static ClientView of(ClientFingerprint f) {
        if (f == null) {
            return null;
        }
        String address = f.publicAddress() == null ? null
                : f.publicAddress().getAddress() != null ? f.publicAddress().getAddress().getHostAddress()
                : f.publicAddress().getHostString();
        return new ClientView(f.hostName(), f.vendor(), f.firmwareRevision(), address);
    }
}
