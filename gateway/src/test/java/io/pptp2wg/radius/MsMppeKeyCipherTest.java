package io.pptp2wg.radius;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static io.pptp2wg.radius.RadiusTesting.vectors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** RFC 2548 §2.4.1/§2.4.2 against values computed independently (src/test/resources/radius/vectors.py). */
class MsMppeKeyCipherTest {
    private final Map<String, byte[]> v = vectors();

    @Test
    void saltEncryptionMatchesTheReference() {
        byte[] send = MsMppeKeyCipher.encryptSalted(v.get("send_key"), v.get("secret"), v.get("request_authenticator"),
                new byte[] {(byte) 0x81, 0x23});
        assertArrayEquals(v.get("send_key_salted"), send);
        byte[] recv = MsMppeKeyCipher.encryptSalted(v.get("recv_key"), v.get("secret"), v.get("request_authenticator"),
                new byte[] {(byte) 0x84, 0x56});
        assertArrayEquals(v.get("recv_key_salted"), recv);
    }

    @Test
    void saltDecryptionRecoversTheKeys() {
        assertArrayEquals(v.get("send_key"), MsMppeKeyCipher.decryptSalted(v.get("send_key_salted"), v.get("secret"),
                v.get("request_authenticator")));
        assertArrayEquals(v.get("recv_key"), MsMppeKeyCipher.decryptSalted(v.get("recv_key_salted"), v.get("secret"),
                v.get("request_authenticator")));
    }

    @Test
    void unsaltedMsChapMppeKeysMatchTheReference() {
        assertArrayEquals(v.get("mschap_mppe_keys_encrypted"), MsMppeKeyCipher.encryptUnsalted(v.get("mschap_mppe_keys_plain"),
                v.get("secret"), v.get("request_authenticator")));
        assertArrayEquals(v.get("mschap_mppe_keys_plain"), MsMppeKeyCipher.decryptUnsalted(v.get("mschap_mppe_keys_encrypted"),
                v.get("secret"), v.get("request_authenticator")));
    }

    @Test
    void malformedStringsAreRefused() {
        byte[] good = v.get("send_key_salted");
        assertNull(MsMppeKeyCipher.decryptSalted(Arrays.copyOf(good, good.length - 1), v.get("secret"), v.get("request_authenticator")));
        assertNull(MsMppeKeyCipher.decryptSalted(new byte[2], v.get("secret"), v.get("request_authenticator")));
        byte[] lowSalt = good.clone();
        lowSalt[0] &= 0x7f; // RFC 2548: the salt's high bit must be set
        assertNull(MsMppeKeyCipher.decryptSalted(lowSalt, v.get("secret"), v.get("request_authenticator")));
        assertNull(MsMppeKeyCipher.decryptUnsalted(new byte[31], v.get("secret"), v.get("request_authenticator")));
    }
}
