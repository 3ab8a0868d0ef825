package io.pptp2wg.mppe;

/**
 * RC4, rekeyed in place: stateless MPPE changes keys on every packet (RFC 3078 §7.3), so the key schedule is as hot
 * as the keystream. {@link #create} gives OpenSSL's RC4 ({@link OpenSslRc4}, assembly: the key change plus 1,400
 * octets in about 2.6 µs here against 3.5 µs with the JDK's) where libcrypto loads and passes its known-answer
 * check, else the JDK's ({@link JdkRc4}). {@code -Dpptp2wg.mppe.rc4=jdk} keeps the JDK's.
 */
public sealed interface Rc4 permits JdkRc4, OpenSslRc4 {
    /** The system property that chooses the implementation: {@code auto} (the default) or {@code jdk}. */
    String PROPERTY = "pptp2wg.mppe.rc4";

    static Rc4 create(int keyLength) {
        return OpenSslRc4.usable() ? new OpenSslRc4(keyLength) : new JdkRc4(keyLength);
    }

    /** Which implementation {@link #create} gives, for the start-up log and the benchmarks. */
    static String implementation() {
        return OpenSslRc4.usable() ? OpenSslRc4.version() : "JDK (SunJCE ARCFOUR)"; // the version names OpenSSL itself
    }

    int keyLength();

    /** Keys the cipher with {@code keyLength()} octets of {@code source} from {@code offset}. */
    void setKey(byte[] source, int offset);

    /** XORs the keystream into {@code length} octets (in place when the arrays are the same). */
    void process(byte[] in, int inOffset, int length, byte[] out, int outOffset);

    /** Zeroes the key and the cipher's state. */
    void destroy();
}
