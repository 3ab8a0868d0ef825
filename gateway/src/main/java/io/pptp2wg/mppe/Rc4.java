package io.pptp2wg.mppe;

/**
 * RC4, rekeyed in place: stateless MPPE changes keys on every packet (RFC 3078 §7.3), so the key schedule is as hot
 * as the keystream. {@link #create} gives the implementation the edge chose at start-up ({@link Rc4Choice}): OpenSSL's
 * ({@code io.pptp2wg.gateway.mppe.OpenSslRc4}, assembly: the key change plus 1,400 octets in about 2.6 µs here against
 * 3.5 µs with the JDK's) where libcrypto loads and passes its known-answer check, else the JDK's ({@link JdkRc4}).
 */
public interface Rc4 {
    static Rc4 create(int keyLength) {
        return Rc4Choice.installed().create(keyLength);
    }

    /** Which implementation {@link #create} gives, for the start-up log and the benchmarks. */
    static String implementation() {
        return Rc4Choice.installed().name();
    }

    int keyLength();

    /** Keys the cipher with {@code keyLength()} octets of {@code source} from {@code offset}. */
    void setKey(byte[] source, int offset);

    /** XORs the keystream into {@code length} octets (in place when the arrays are the same). */
    void process(byte[] in, int inOffset, int length, byte[] out, int outOffset);

    /** Zeroes the key and the cipher's state. */
    void destroy();
}
