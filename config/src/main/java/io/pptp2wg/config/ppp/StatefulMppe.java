package io.pptp2wg.config.ppp;

/**
 * Whether MPPE may run in stateful mode (key changed every 256 packets, RFC 3078 §7.1) instead of
 * stateless (new key every packet, RFC 3078 §7.2.1 "historyless").
 */
public enum StatefulMppe {
    /** pppd's default ({@code nomppe-stateful}): only stateless. */
    REFUSE,
    /** pppd's {@code mppe-stateful}: propose stateless, accept stateful if the client insists. */
    ALLOW,
    /**
     * The gateway's own addition ({@code pptpd.preferStatefulMppe: true} in config.yml): propose
     * stateful, as the oldest Windows clients ran; fall back to stateless if the client insists.
     */
    PREFER
}
