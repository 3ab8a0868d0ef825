package io.pptp2wg.ppp.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 2759 §9.2, RFC 2433 Appendix B and MD4("") (RFC 1320 §A.5). */
class MsChapCryptoTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final byte[] AUTH_CHALLENGE = HEX.parseHex("5B5D7C7D7B3F2F3E3C2C602132262628");
    private static final byte[] PEER_CHALLENGE = HEX.parseHex("21402324255E262A28295F2B3A337C7E");

    @Test
    void md4OfNothing() {
        assertEquals("31D6CFE0D16AE931B73C59D7E0C089C0", HEX.formatHex(MsChapCrypto.ntPasswordHash(new char[0])));
    }

    @Test
    void rfc2759_challengeHash() {
        assertEquals("D02E4386BCE91226", HEX.formatHex(MsChapCrypto.challengeHash(PEER_CHALLENGE, AUTH_CHALLENGE, "User")));
    }

    @Test
    void rfc2759_challengeHashIgnoresTheDomain() {
        assertEquals("D02E4386BCE91226",
                HEX.formatHex(MsChapCrypto.challengeHash(PEER_CHALLENGE, AUTH_CHALLENGE, "EXAMPLE\\User")));
    }

    @Test
    void rfc2759_passwordHashes() {
        byte[] hash = MsChapCrypto.ntPasswordHash("clientPass".toCharArray());
        assertEquals("44EBBA8D5312B8D611474411F56989AE", HEX.formatHex(hash));
        assertEquals("41C00C584BD2D91C4017A2A12FA59F3F", HEX.formatHex(MsChapCrypto.hashNtPasswordHash(hash)));
    }

    @Test
    void rfc2759_ntResponse() {
        byte[] hash = MsChapCrypto.ntPasswordHash("clientPass".toCharArray());
        assertEquals("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF",
                HEX.formatHex(MsChapCrypto.generateNtResponse(AUTH_CHALLENGE, PEER_CHALLENGE, "User", hash)));
    }

    @Test
    void rfc2759_authenticatorResponse() {
        byte[] hash = MsChapCrypto.ntPasswordHash("clientPass".toCharArray());
        byte[] nt = HEX.parseHex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
        assertEquals("S=407A5589115FD0D6209F510FE9C04566932CDA56",
                MsChapCrypto.generateAuthenticatorResponse(hash, nt, PEER_CHALLENGE, AUTH_CHALLENGE, "User"));
    }

    @Test
    void rfc2433_appendixB() {
        byte[] hash = MsChapCrypto.ntPasswordHash("MyPw".toCharArray());
        assertEquals("FC156AF7EDCD6C0EDDE3337D427F4EAC", HEX.formatHex(hash));
        assertArrayEquals(HEX.parseHex("4E9D3C8F9CFD385D5BF4D3246791956CA4C351AB409A3D61"),
                MsChapCrypto.challengeResponse(HEX.parseHex("102DB5DF085D3041"), hash));
    }
}
