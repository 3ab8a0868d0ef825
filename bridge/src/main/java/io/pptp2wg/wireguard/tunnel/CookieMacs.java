package io.pptp2wg.wireguard.tunnel;

import io.pptp2wg.wireguard.Whitepaper;
import io.pptp2wg.wireguard.crypto.Blake2s;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.crypto.ChaChaPoly;
import io.pptp2wg.wireguard.crypto.XChaChaPoly;
import io.pptp2wg.wireguard.messages.CookieReply;
import io.pptp2wg.wireguard.messages.MessageType;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The tunnel's MAC1/MAC2 and cookies (whitepaper §5.4.4, §5.4.7): the MACs on the handshake messages we send,
 * the cookie the peer gave us for our next MAC2, the check of MAC1 on what we receive, and the cookie reply we
 * write when under load.
 */
final class CookieMacs {
    /** A cookie from the peer's cookie reply, and when it came (usable for COOKIE_REFRESH_TIME). */
    private record Cookie(byte[] value, long receivedAt) {
    }

    private final TunnelContext ctx;
    private final Blake2s.KeyedMac ourMac1;
    private final byte[] ourCookieKey = new byte[32];
    private final Blake2s.KeyedMac peerMac1;
    private final byte[] peerCookieKey = new byte[32];
    private Cookie cookie; // null: none (or expired and forgotten)
    private byte[] lastMac1; // the MAC1 of the latest handshake message we sent, which a cookie reply answers; null: none

    CookieMacs(TunnelContext ctx, byte[] staticPublic, byte[] peerPublic) {
        this.ctx = ctx;
        Blake2s b = ctx.blake;
        byte[] key = new byte[32];
        b.hash(Whitepaper.LABEL_MAC1, staticPublic, key);
        this.ourMac1 = new Blake2s.KeyedMac(key);
        b.hash(Whitepaper.LABEL_COOKIE, staticPublic, ourCookieKey);
        b.hash(Whitepaper.LABEL_MAC1, peerPublic, key);
        this.peerMac1 = new Blake2s.KeyedMac(key);
        b.hash(Whitepaper.LABEL_COOKIE, peerPublic, peerCookieKey);
        Bytes.zero(key);
    }

    /** §5.4.4: mac1 = MAC(HASH(LABEL_MAC1 || peer key), msg before mac1); mac2 from a fresh cookie, else zeros. */
    void addMacs(long now, byte[] msg, int size) {
        int mac1 = size - 2 * Blake2s.MAC_LEN;
        int mac2 = mac1 + Blake2s.MAC_LEN;
        peerMac1.compute(msg, 0, mac1, msg, mac1);
        lastMac1 = Arrays.copyOfRange(msg, mac1, mac1 + Blake2s.MAC_LEN);
        Cookie c = cookie;
        if (c != null && now - c.receivedAt < Whitepaper.COOKIE_REFRESH_TIME) {
            Blake2s.mac(c.value, msg, 0, mac2, msg, mac2);
        } else {
            Arrays.fill(msg, mac2, size, (byte) 0);
        }
    }

    /** A cookie reply (§5.4.7) to a message we sent: keep the cookie for the next message's mac2. */
    Disposition receiveCookieReply(long now, byte[] msg, int off) {
        byte[] answers = lastMac1;
        if (answers == null) {
            return Disposition.BAD_COOKIE_REPLY;
        }
        byte[] nonce = Arrays.copyOfRange(msg, off + CookieReply.NONCE, off + CookieReply.NONCE + XChaChaPoly.NONCE_LEN);
        byte[] value = new byte[CookieReply.COOKIE_LEN];
        int p = XChaChaPoly.open(peerCookieKey, nonce, answers, msg, off + CookieReply.ENCRYPTED_COOKIE,
                ChaChaPoly.sealedLength(CookieReply.COOKIE_LEN), value, 0);
        if (p != CookieReply.COOKIE_LEN) {
            Bytes.zero(value);
            return Disposition.BAD_COOKIE_REPLY;
        }
        forgetCookie();
        cookie = new Cookie(value, now);
        lastMac1 = null;
        return Disposition.COOKIE_REPLY;
    }

    /** True if msg's MAC1 is the one a sender who knows our public key computes (§5.4.4). */
    boolean mac1Matches(byte[] msg, int off, int size, byte[] scratch16) {
        int mac1 = size - 2 * Blake2s.MAC_LEN;
        ourMac1.compute(msg, off, mac1, scratch16, 0);
        return Bytes.constantTimeEquals(scratch16, 0, msg, off + mac1, Blake2s.MAC_LEN);
    }

    /** Writes a cookie reply (§5.4.7) to msg into out; returns its length (64). */
    int writeCookieReply(long now, InetSocketAddress source, byte[] msg, int off, int size, int senderIndex, byte[] out) {
        byte[] value = new byte[CookieReply.COOKIE_LEN];
        ctx.cookieSecret.cookie(now, source, value, 0);
        byte[] nonce = new byte[XChaChaPoly.NONCE_LEN];
        ctx.random.nextBytes(nonce);
        byte[] mac1 = Arrays.copyOfRange(msg, off + size - 2 * Blake2s.MAC_LEN, off + size - Blake2s.MAC_LEN);
        Bytes.putIntLE(out, 0, MessageType.COOKIE_REPLY.wireValue);
        Bytes.putIntLE(out, CookieReply.RECEIVER, senderIndex);
        System.arraycopy(nonce, 0, out, CookieReply.NONCE, nonce.length);
        XChaChaPoly.seal(ourCookieKey, nonce, mac1, value, 0, value.length, out, CookieReply.ENCRYPTED_COOKIE);
        Bytes.zero(value);
        return CookieReply.SIZE;
    }

    /** With the rest of the key material (§6.1): the peer's cookie zeroed, no cookie reply expected. */
    void forget() {
        forgetCookie();
        lastMac1 = null;
    }

    private void forgetCookie() {
        if (cookie != null) {
            Bytes.zero(cookie.value);
            cookie = null;
        }
    }

    /** The tunnel closes: the MAC and cookie keys too. */
    void destroy() {
        forget();
        Bytes.zero(ourCookieKey, peerCookieKey);
        ourMac1.destroy();
        peerMac1.destroy();
    }
}
