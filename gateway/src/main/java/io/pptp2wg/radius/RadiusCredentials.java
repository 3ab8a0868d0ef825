package io.pptp2wg.radius;

import io.pptp2wg.config.ppp.AuthProtocol;

import java.util.Arrays;

/**
 * What the PPP client sent, to be checked by the RADIUS server (RFC 2865 §5.2/§5.3, RFC 2548 §2.3).
 * Holds the client's proof, never a stored secret; {@link #destroy()} zeroes it.
 */
public sealed interface RadiusCredentials {
    AuthProtocol protocol();

    void destroy();

    /** PAP: the password as the client sent it (RFC 2865 §5.2, hidden with the shared secret on the wire). */
    record Pap(byte[] password) implements RadiusCredentials {
        public AuthProtocol protocol() {
            return AuthProtocol.PAP;
        }

        public void destroy() {
            Arrays.fill(password, (byte) 0);
        }

        @Override
        public String toString() {
            return "Pap[hidden]";
        }
    }

    /** CHAP-MD5: CHAP-Password = Identifier + Response, CHAP-Challenge = our challenge (RFC 2865 §5.3, §5.40). */
    record ChapMd5(int chapId, byte[] challenge, byte[] response) implements RadiusCredentials {
        public AuthProtocol protocol() {
            return AuthProtocol.CHAP_MD5;
        }

        public void destroy() {
            Arrays.fill(response, (byte) 0);
        }
    }

    /** MS-CHAPv1: MS-CHAP-Challenge (8) and MS-CHAP-Response (RFC 2548 §2.3.1) from the PPP Response's 49 octets. */
    record MsChapV1(int chapId, byte[] challenge, byte[] responseValue) implements RadiusCredentials {
        public AuthProtocol protocol() {
            return AuthProtocol.MSCHAP_V1;
        }

        public void destroy() {
            Arrays.fill(responseValue, (byte) 0);
        }
    }

    /** MS-CHAPv2: MS-CHAP-Challenge (16) and MS-CHAP2-Response (RFC 2548 §2.3.2) from the PPP Response's 49 octets. */
    record MsChapV2(int chapId, byte[] challenge, byte[] responseValue) implements RadiusCredentials {
        public AuthProtocol protocol() {
            return AuthProtocol.MSCHAP_V2;
        }

        public void destroy() {
            Arrays.fill(responseValue, (byte) 0);
        }
    }
}
