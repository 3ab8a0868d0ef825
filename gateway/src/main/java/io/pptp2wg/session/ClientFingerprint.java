package io.pptp2wg.session;

import java.net.InetSocketAddress;

/**
 * What a client says about itself in Start-Control-Connection-Request (RFC 2637 §2.1: Host Name,
 * Vendor Name, Firmware Revision) plus where it connects from: how an administrator recognises
 * which device still dials PPTP.
 */
public record ClientFingerprint(String hostName, String vendor, int firmwareRevision, InetSocketAddress publicAddress) {}
