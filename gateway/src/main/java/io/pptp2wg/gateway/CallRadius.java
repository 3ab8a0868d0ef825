package io.pptp2wg.gateway;

import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.radius.RadiusReply;

import java.util.List;

/**
 * What RADIUS knows of one call: the Acct-Session-Id it is accounted and named by (RFC 2866 §5.5, RFC 5176), given
 * when the session comes up, and what its Access-Accept said that accounting uses (the Class attributes echoed in
 * every record, RFC 2865 §5.25; Acct-Interim-Interval, RFC 2869 §5.16). Written on the call's loop, read from any
 * thread. Nothing here without the radius plugin.
 */
final class CallRadius {
    volatile String acctSessionId;
    private volatile List<byte[]> classes = List.of();
    private volatile int interimSeconds;

    /** The login's answer is taken by the link: keep what accounting needs of an Access-Accept. */
    void answered(RadiusReply reply) {
        if (reply instanceof RadiusReply.Accept a) {
            classes = a.classes().stream().map(byte[]::clone).toList();
            interimSeconds = a.acctInterimInterval().orElse(0);
        }
    }

    /** The call ended before the answer could be taken: an Access-Accept's MPPE keys go unused, so they are zeroed. */
    static void unused(RadiusReply reply) {
        if (reply instanceof RadiusReply.Accept a) {
            a.mppeKeys().ifPresent(MppeKeyMaterial::destroy);
        }
    }

    List<byte[]> classes() {
        return classes;
    }

    /** Acct-Interim-Interval in seconds; 0 = none. */
    int interimSeconds() {
        return interimSeconds;
    }
}
