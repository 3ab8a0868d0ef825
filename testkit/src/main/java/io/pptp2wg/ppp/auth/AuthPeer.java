package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.fsm.FsmIo;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The side being authenticated (RFC 1994's and RFC 1334's "peer"; the PPTP client) of one
 * authentication protocol, run once LCP is Opened. No I/O, no clock. The counterpart of
 * {@link Authenticator}.
 */
public interface AuthPeer {
    /** LCP is Opened: wait for the Challenge (CHAP) or send the Authenticate-Request (PAP). */
    void start(long nowNanos);

    /** A packet of this protocol from the authenticator (Code, Identifier, Length, Data). */
    void receive(ByteBuffer packet, long nowNanos);

    void poll(long nowNanos);

    long deadline();

    /** The link is going away: stop timers and zero what is left. */
    void stop();

    /** What the peer side tells the link. */
    interface Listener {
        /** The authenticator accepted us (and, for MS-CHAPv2, proved it knows the password); keys for MPPE or null. */
        void authenticated(AuthProtocol method, MppeKeyMaterial keys);

        /** Refused, timed out, or the authenticator failed to prove itself; {@code reason} holds no secret. */
        void authenticationFailed(AuthProtocol method, String reason);
    }

    /**
     * What a peer needs: who we are, the secret (kept by the caller; copies taken here are zeroed),
     * the options (chap-restart, chap-max-challenge), randomness, where packets go and whom to tell.
     */
    record Context(String user, Secret secret, PppOptions options, Random random, FsmIo io, Listener listener) {
        /** How long we wait between retransmissions and for a Challenge: pppd's chap-restart. */
        public long restartNanos() {
            return TimeUnit.SECONDS.toNanos(Math.max(1, options.chapRestartSeconds()));
        }

        /** How many times we send before giving up: pppd's chap-max-challenge (and pap-max-authreq). */
        public int maxTransmissions() {
            return Math.max(1, options.chapMaxChallenge());
        }
    }
}
