package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.mppe.MppeKeyMaterial;

import java.security.MessageDigest;
import java.util.Arrays;

/** MS-CHAP (v1, RFC 2433), server side; only the NT response is accepted (no LAN Manager hashes). */
public final class MsChapV1Method implements ChapMethod {
    /** RFC 2433 §5: the challenge is 8 octets. */
    public static final int CHALLENGE_LENGTH = 8;
    /** RFC 2433 §5: LM-Response (24), NT-Response (24), Flags (1). */
    public static final int LM_RESPONSE_LENGTH = 24;
    public static final int RESPONSE_LENGTH = LM_RESPONSE_LENGTH + MsChapCrypto.NT_RESPONSE_LENGTH + 1;
    /** RFC 2433 §5: Flags 1 = use the NT-Response. */
    private static final int USE_NT_RESPONSE = 1;
    /** RFC 2433 §6: the Failure's V= (no change-password protocol offered: the text pppd sends too). */
    private static final int CHANGE_PASSWORD_VERSION = 0;

    /**
     * RFC 2433 §5: the Response's Value as the peer (client) builds it: no LAN Manager response (zeros),
     * the NT-Response, Flags = use the NT-Response.
     */
    public static byte[] responseValue(byte[] ntResponse) {
        byte[] value = new byte[RESPONSE_LENGTH];
        System.arraycopy(ntResponse, 0, value, LM_RESPONSE_LENGTH, MsChapCrypto.NT_RESPONSE_LENGTH);
        value[RESPONSE_LENGTH - 1] = USE_NT_RESPONSE;
        return value;
    }

    private static final Form FORM = new Form(AuthProtocol.MSCHAP_V1, CHALLENGE_LENGTH, RESPONSE_LENGTH, true);

    @Override
    public Form form() {
        return FORM;
    }

    @Override
    public Verification verify(int id, byte[] challenge, byte[] response, String nameAsSent, Secret secret) {
        if (response[RESPONSE_LENGTH - 1] != USE_NT_RESPONSE) {
            return Verification.failed("MS-CHAPv1 LAN Manager responses are not accepted");
        }
        byte[] ntResponse = Arrays.copyOfRange(response, LM_RESPONSE_LENGTH, LM_RESPONSE_LENGTH + MsChapCrypto.NT_RESPONSE_LENGTH);
        byte[] passwordHash = null;
        byte[] expected = null;
        byte[] hashHash = null;
        try {
            passwordHash = MsChapCrypto.ntPasswordHash(secret);
            expected = MsChapCrypto.challengeResponse(challenge, passwordHash);
            if (!MessageDigest.isEqual(expected, ntResponse)) {
                return Verification.failed("wrong password (MS-CHAPv1 response does not match)");
            }
            hashHash = MsChapCrypto.hashNtPasswordHash(passwordHash);
            return new Verification(true, null, null, MppeKeyMaterial.fromMsChapV1(hashHash, challenge));
        } finally {
            MsChapCrypto.zero(passwordHash, expected, hashHash, ntResponse);
        }
    }

    @Override
    public String failureMessage(int error, String text, boolean retry, byte[] nextChallenge) {
        return ChapMethod.msChapFailure(error, retry, nextChallenge, CHANGE_PASSWORD_VERSION, text);
    }
}
