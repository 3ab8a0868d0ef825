package io.pptp2wg.wireguard.messages;

import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.XChaChaPoly;

/** Cookie reply (whitepaper §5.4.7): type 3 | reserved | receiver index | nonce | encrypted cookie. */
public final class CookieReply {
    private CookieReply() {
    }

    public static final int RECEIVER = MessageType.FIELD_LEN;
    public static final int NONCE = RECEIVER + 4;
    public static final int ENCRYPTED_COOKIE = NONCE + XChaChaPoly.NONCE_LEN;
    /** A cookie is a 16-byte MAC. */
    public static final int COOKIE_LEN = Blake2s.MAC_LEN;
    /** 64. */
    public static final int SIZE = ENCRYPTED_COOKIE + ChaChaPoly.sealedLength(COOKIE_LEN);
}
