package io.pptp2wg.session;

import java.net.InetSocketAddress;

/**
 * What a client says about itself in Start-Control-Connection-Request (RFC 2637 §2.1: Host Name,
 * Vendor Name, Firmware Revision) plus where it connects from, and (once its PPP link has shown them)
 * its LCP Identification texts and the form of its login name: how an administrator recognises which
 * device still dials PPTP ({@link DeviceFingerprint} turns this into a device).
 */
public record ClientFingerprint(String hostName, String vendor, int firmwareRevision, InetSocketAddress publicAddress,
                                PppTraits ppp) {
    public ClientFingerprint {
        ppp = ppp == null ? PppTraits.NONE : ppp;
    }

    /** As known at Start-Control-Connection-Request, before PPP. */
    public ClientFingerprint(String hostName, String vendor, int firmwareRevision, InetSocketAddress publicAddress) {
        this(hostName, vendor, firmwareRevision, publicAddress, PppTraits.NONE);
    }

    public ClientFingerprint withPpp(PppTraits traits) {
        return new ClientFingerprint(hostName, vendor, firmwareRevision, publicAddress, traits);
    }
}
