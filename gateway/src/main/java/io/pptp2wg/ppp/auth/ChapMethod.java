package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.mppe.MppeKeyMaterial;

import java.util.HexFormat;

/** One CHAP algorithm, server side: challenge size, response check, and the Success/Failure texts. */
public sealed interface ChapMethod permits ChapMd5Method, MsChapV1Method, MsChapV2Method {
    /** The outcome of checking one Response. */
    record Verification(boolean ok, String reason, String authenticatorResponse, MppeKeyMaterial keys) {
        static Verification failed(String reason) {
            return new Verification(false, reason, null, null);
        }
    }

    /** RFC 2759 §6 / RFC 2433 §6: "authentication failure" (the password or user is wrong). */
    int ERROR_AUTHENTICATION_FAILURE = 691;

    /**
     * RFC 2759 §6 / RFC 2433 §6: "restricted logon hours", the answer to a login refused by the guessing limits:
     * the one code that says "not now" (Windows shows "not permitted to log on at this time"; pppd logs our M= text),
     * unlike 691 (Windows asks for the password again, inviting more tries), 647 (account disabled: as if for good)
     * or 648 (password expired: Windows starts a password change).
     */
    int ERROR_RESTRICTED_LOGON_HOURS = 646;

    /**
     * What tells the algorithms apart on the wire: the LCP protocol, our Challenge's length, the Response's Value
     * length, and whether a failure may be followed by a retry on the same link (MS-CHAP's R=1).
     */
    record Form(AuthProtocol protocol, int challengeLength, int responseLength, boolean allowsRetry) {}

    Form form();

    default AuthProtocol protocol() {
        return form().protocol();
    }

    default int challengeLength() {
        return form().challengeLength();
    }

    default int responseLength() {
        return form().responseLength();
    }

    default boolean allowsRetry() {
        return form().allowsRetry();
    }

    /** Checks a Response against the secret, in constant time; zeroes what it derived. */
    Verification verify(int id, byte[] challenge, byte[] response, String nameAsSent, Secret secret);

    /** The Success message's text (MS-CHAPv2 puts its authenticator response first). */
    default String successMessage(Verification v) {
        return "Access granted";
    }

    /**
     * The Failure message with MS-CHAP's error code {@code error} (RFC 2759 §6: 691, or 646-649 for the account's
     * restrictions; CHAP-MD5 carries only the text); {@code nextChallenge} is sent for a retry (MS-CHAP's C=).
     */
    String failureMessage(int error, String text, boolean retry, byte[] nextChallenge);

    /** The Failure message of a wrong answer (E=691). */
    default String failureMessage(String text, boolean retry, byte[] nextChallenge) {
        return failureMessage(ERROR_AUTHENTICATION_FAILURE, text, retry, nextChallenge);
    }

    /** The Failure message of a login the guessing limits refused: "not now" (E=646), no retry on this link. */
    default String lockedOutMessage(String text, byte[] nextChallenge) {
        return failureMessage(ERROR_RESTRICTED_LOGON_HOURS, text, false, nextChallenge);
    }

    /**
     * MS-CHAP's Failure text (RFC 2433 §6, RFC 2759 §6): the error code, whether a retry is allowed, the next
     * challenge, the version of the change-password protocol, the message.
     */
    static String msChapFailure(int error, boolean retry, byte[] nextChallenge, int version, String text) {
        return "E=" + error + " R=" + (retry ? 1 : 0) + " C=" + hex(nextChallenge) + " V=" + version + " M=" + text;
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    static ChapMethod of(AuthProtocol p) {
        return switch (p) {
            case MSCHAP_V2 -> new MsChapV2Method();
            case MSCHAP_V1 -> new MsChapV1Method();
            case CHAP_MD5 -> new ChapMd5Method();
            case PAP -> throw new IllegalArgumentException("PAP is not a CHAP algorithm");
        };
    }
}
