package io.pptp2wg.radius;

import io.pptp2wg.mppe.MppeKeyMaterial;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** How a RADIUS login ended. Carries no shared secret; MPPE keys go straight to MPPE. */
public sealed interface RadiusReply {

    /**
     * Access-Accept (RFC 2865 §4.2) with what the gateway applies.
     *
     * @param authenticatorResponse MS-CHAP2-Success's "S=..." (RFC 2548 §2.3.3), for MS-CHAPv2
     * @param mppeKeys              from MS-MPPE-Send/Recv-Key (§2.4.2) or MS-CHAP-MPPE-Keys (§2.4.1)
     * @param framedIp              Framed-IP-Address (RFC 2865 §5.8), as sent (see {@link RadiusWire#FRAMED_IP_FROM_POOL})
     * @param sessionTimeout        Session-Timeout seconds (§5.27)
     * @param idleTimeout           Idle-Timeout seconds (§5.28)
     * @param acctInterimInterval   Acct-Interim-Interval seconds (RFC 2869 §5.16)
     * @param framedMtu             Framed-MTU (§5.12)
     * @param classes               every Class (§5.25), to echo in accounting
     * @param dns                   MS-Primary/Secondary-DNS-Server (RFC 2548 §2.6)
     * @param nbns                  MS-Primary/Secondary-NBNS-Server
     * @param replyMessage          Reply-Message (§5.18), joined
     * @param server                which server answered (host:port), for the log
     */
    record Accept(Optional<String> authenticatorResponse, Optional<MppeKeyMaterial> mppeKeys, Optional<Integer> framedIp,
                  OptionalInt sessionTimeout, OptionalInt idleTimeout, OptionalInt acctInterimInterval,
                  OptionalInt framedMtu, List<byte[]> classes, List<Integer> dns, List<Integer> nbns,
                  Optional<String> replyMessage, String server) implements RadiusReply {
    }

    /**
     * Access-Reject (or an Access-Challenge, which PPP cannot carry).
     *
     * @param msChapError  MS-CHAP-Error's text (RFC 2548 §2.1.5), e.g. "E=691 R=0 ..."
     * @param replyMessage Reply-Message, joined
     * @param server       which server answered
     */
    record Reject(Optional<String> msChapError, Optional<String> replyMessage, String server) implements RadiusReply {
        /** RFC 2759 §6's error code from MS-CHAP-Error, 691 (authentication failure) when there is none. */
        public int errorCode() {
            if (msChapError.isPresent()) {
                var m = java.util.regex.Pattern.compile("E=(\\d{1,9})").matcher(msChapError.get());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            return 691;
        }
    }

    /** No server answered within radius_timeout x radius_retries each, or none could be asked. */
    record Unreachable(String reason) implements RadiusReply {
    }
}
