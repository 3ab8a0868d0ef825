package io.pptp2wg.wireguard.cookie;

import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.Bytes;

import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * The responder's changing secret R_m and the cookie it makes for a source address (whitepaper §5.4.7):
 * cookie = MAC(R_m, A) with A = source IP address bytes then UDP port (big-endian); R_m is replaced every
 * COOKIE_REFRESH_TIME. One per socket: it only has to be unpredictable to others.
 */
public final class CookieSecret {
    private final SecureRandom random;
    private final byte[] secret = new byte[Blake2s.HASH_LEN];
    private long createdAt;
    private boolean set;
    private final byte[] addr = new byte[16 + 2];

    public CookieSecret(SecureRandom random) {
        this.random = random;
    }

    /** The cookie for {@code source} now, into out[off..off+16); refreshes the secret when due. */
    public void cookie(long now, InetSocketAddress source, byte[] out, int off) {
        if (!set || now - createdAt >= Whitepaper.COOKIE_REFRESH_TIME) {
            random.nextBytes(secret);
            createdAt = now;
            set = true;
        }
        byte[] ip = source.getAddress().getAddress();
        System.arraycopy(ip, 0, addr, 0, ip.length);
        addr[ip.length] = (byte) (source.getPort() >>> 8);
        addr[ip.length + 1] = (byte) source.getPort();
        Blake2s.mac(secret, addr, 0, ip.length + 2, out, off);
    }

    /** True while the secret is young enough for cookies made from it to count (MAC2 can then be checked). */
    public boolean isFresh(long now) {
        return set && now - createdAt < Whitepaper.COOKIE_REFRESH_TIME;
    }

    public void destroy() {
        Bytes.zero(secret);
        set = false;
    }
}
