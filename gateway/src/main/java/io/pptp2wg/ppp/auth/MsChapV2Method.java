package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.mppe.MppeKeyMaterial;

import java.security.MessageDigest;
import java.util.Arrays;

/** MS-CHAP-V2 (RFC 2759), server side. */
public final class MsChapV2Method implements ChapMethod {
    /** RFC 2759 §4: the Authenticator Challenge is 16 octets. */
    public static final int CHALLENGE_LENGTH = 16;
    /** RFC 2759 §4: Peer-Challenge (16), Reserved (8), NT-Response (24), Flags (1). */
    public static final int PEER_CHALLENGE_LENGTH = 16;
    public static final int RESERVED_LENGTH = 8;
    public static final int FLAGS_LENGTH = 1;
    public static final int RESPONSE_LENGTH =
            PEER_CHALLENGE_LENGTH + RESERVED_LENGTH + MsChapCrypto.NT_RESPONSE_LENGTH + FLAGS_LENGTH;
    private static final int NT_RESPONSE_OFFSET = PEER_CHALLENGE_LENGTH + RESERVED_LENGTH;
    /** RFC 2759 §6: the version of the change-password protocol we would speak. */
    private static final int CHANGE_PASSWORD_VERSION = 3;

    /** RFC 2759 §4: the Response's Value as the peer (client) builds it: Peer-Challenge, Reserved (zero), NT-Response, Flags (zero). */
    public static byte[] responseValue(byte[] peerChallenge, byte[] ntResponse) {
        byte[] value = new byte[RESPONSE_LENGTH];
        System.arraycopy(peerChallenge, 0, value, 0, PEER_CHALLENGE_LENGTH);
        System.arraycopy(ntResponse, 0, value, NT_RESPONSE_OFFSET, MsChapCrypto.NT_RESPONSE_LENGTH);
        return value;
    }

    private static final Form FORM = new Form(AuthProtocol.MSCHAP_V2, CHALLENGE_LENGTH, RESPONSE_LENGTH, true);

    @Override
    public Form form() {
        return FORM;
    }

    @Override
    public Verification verify(int id, byte[] challenge, byte[] response, String nameAsSent, Secret secret) {
        byte[] peerChallenge = Arrays.copyOfRange(response, 0, PEER_CHALLENGE_LENGTH);
        byte[] ntResponse = Arrays.copyOfRange(response, NT_RESPONSE_OFFSET, NT_RESPONSE_OFFSET + MsChapCrypto.NT_RESPONSE_LENGTH);
        byte[] passwordHash = null;
        byte[] expected = null;
        byte[] hashHash = null;
        try {
            passwordHash = MsChapCrypto.ntPasswordHash(secret);
            expected = MsChapCrypto.generateNtResponse(challenge, peerChallenge, nameAsSent, passwordHash);
            if (!MessageDigest.isEqual(expected, ntResponse)) {
                return Verification.failed("wrong password (MS-CHAPv2 response does not match)");
            }
            String authenticatorResponse = MsChapCrypto.generateAuthenticatorResponse(passwordHash, ntResponse,
                    peerChallenge, challenge, nameAsSent);
            hashHash = MsChapCrypto.hashNtPasswordHash(passwordHash);
            return new Verification(true, null, authenticatorResponse, MppeKeyMaterial.fromMsChapV2(hashHash, ntResponse));
        } finally {
            MsChapCrypto.zero(passwordHash, expected, hashHash, ntResponse);
        }
    }

    @Override
    public String successMessage(Verification v) {
        return v.authenticatorResponse() + " M=Access granted";
    }

    @Override
    public String failureMessage(int error, String text, boolean retry, byte[] nextChallenge) {
        return ChapMethod.msChapFailure(error, retry, nextChallenge, CHANGE_PASSWORD_VERSION, text);
    }
}
