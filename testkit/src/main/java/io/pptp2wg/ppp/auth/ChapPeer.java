package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.PppProtocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The peer side of CHAP (RFC 1994 §4) for MD5, MS-CHAPv1 (RFC 2433) and MS-CHAP-V2 (RFC 2759):
 * answers the Challenge; checks, for MS-CHAP-V2, that the Success carries the authenticator response
 * "S=" the password implies (RFC 2759 §5, the mutual half: a server that does not know the password
 * is refused); reports a Failure's error code and message. A repeated Challenge gets the same
 * Response; a lost verdict is asked for again by repeating the Response every {@code chap-restart}
 * seconds, up to {@code chap-max-challenge} times. No retry after a Failure (pppd does none).
 */
public final class ChapPeer implements AuthPeer {
    private enum State { WAITING, RESPONDED, DONE }

    private final Context ctx;
    private final AuthProtocol method;
    private State state = State.WAITING;
    private long deadline = Long.MAX_VALUE;
    private int id = -1;
    private byte[] challenge;
    private ByteBuffer response;
    private int transmissions;
    /** MS-CHAP-V2: "S=" and 40 hex digits, ASCII, as the Success must begin. */
    private byte[] expectedAuthenticatorResponse;
    private MppeKeyMaterial keys;

    public ChapPeer(Context ctx, AuthProtocol method) {
        if (method == AuthProtocol.PAP) {
            throw new IllegalArgumentException("PAP is not a CHAP algorithm");
        }
        this.ctx = ctx;
        this.method = method;
    }

    @Override
    public void start(long nowNanos) {
        state = State.WAITING;
        deadline = nowNanos + ctx.restartNanos() * ctx.maxTransmissions();
    }

    @Override
    public void receive(ByteBuffer packet, long nowNanos) {
        int p = packet.position();
        int available = packet.remaining();
        if (available < ChapPacket.HEADER_LENGTH) {
            drop("CHAP packet shorter than its header");
            return;
        }
        int code = packet.get(p) & 0xff;
        int packetId = packet.get(p + 1) & 0xff;
        int length = packet.getShort(p + 2) & 0xffff;
        if (length < ChapPacket.HEADER_LENGTH || length > available) {
            drop("CHAP packet with bad length " + length);
            return;
        }
        ByteBuffer data = packet.duplicate().position(p + ChapPacket.HEADER_LENGTH).limit(p + length).slice();
        switch (code) {
            case ChapPacket.CHALLENGE -> challenge(packetId, data, nowNanos);
            case ChapPacket.SUCCESS, ChapPacket.FAILURE -> verdict(code, packetId, data);
            default -> drop("CHAP " + ChapPacket.codeName(code) + " is not for the peer side");
        }
    }

    private int expectedChallengeLength() {
        return switch (method) {
            case MSCHAP_V2 -> MsChapV2Method.CHALLENGE_LENGTH;
            case MSCHAP_V1 -> MsChapV1Method.CHALLENGE_LENGTH;
            default -> -1; // CHAP-MD5: any length (RFC 1994 §4.1)
        };
    }

    private void challenge(int packetId, ByteBuffer data, long nowNanos) {
        if (state == State.DONE) {
            drop("CHAP Challenge after authentication ended");
            return;
        }
        if (data.remaining() < ChapPacket.VALUE_SIZE_LENGTH) {
            drop("CHAP Challenge without a value");
            return;
        }
        int size = data.get(0) & 0xff;
        int expected = expectedChallengeLength();
        if (size == 0 || ChapPacket.VALUE_SIZE_LENGTH + size > data.remaining() || expected > 0 && size != expected) {
            drop("CHAP Challenge value of " + size + " octets is not a " + method.displayName() + " challenge");
            return;
        }
        byte[] value = new byte[size];
        data.get(ChapPacket.VALUE_SIZE_LENGTH, value);
        if (state == State.RESPONDED && packetId == id && Arrays.equals(value, challenge)) {
            transmit(nowNanos); // our Response was lost: the same answer again
            return;
        }
        forget();
        id = packetId;
        challenge = value;
        try {
            response = ChapPacket.challenge(ChapPacket.RESPONSE, id, respond(), ctx.user());
        } catch (IllegalStateException e) {
            finish();
            ctx.listener().authenticationFailed(method, e.getMessage());
            return;
        }
        state = State.RESPONDED;
        transmissions = 0;
        transmit(nowNanos);
    }

    /** The Response value; prepares the expected authenticator response and the MPPE keys. */
    private byte[] respond() {
        if (method == AuthProtocol.CHAP_MD5) {
            if (!ctx.secret().hasPassword()) {
                throw new IllegalStateException("CHAP-MD5 needs the plaintext password, not an NT hash");
            }
            char[] password = ctx.secret().password();
            byte[] secret = Secret.utf8(password);
            try {
                return ChapMd5Method.response(id, secret, challenge);
            } finally {
                Arrays.fill(password, '\0');
                Arrays.fill(secret, (byte) 0);
            }
        }
        byte[] passwordHash = passwordHash();
        byte[] hashHash = MsChapCrypto.hashNtPasswordHash(passwordHash);
        byte[] ntResponse = null;
        try {
            if (method == AuthProtocol.MSCHAP_V1) {
                ntResponse = MsChapCrypto.challengeResponse(challenge, passwordHash);
                keys = MppeKeyMaterial.fromMsChapV1(hashHash, challenge);
                return MsChapV1Method.responseValue(ntResponse);
            }
            byte[] peerChallenge = new byte[MsChapV2Method.PEER_CHALLENGE_LENGTH];
            ctx.random().nextBytes(peerChallenge);
            ntResponse = MsChapCrypto.generateNtResponse(challenge, peerChallenge, ctx.user(), passwordHash);
            expectedAuthenticatorResponse = MsChapCrypto.generateAuthenticatorResponse(passwordHash, ntResponse,
                    peerChallenge, challenge, ctx.user()).getBytes(StandardCharsets.US_ASCII);
            keys = MppeKeyMaterial.fromMsChapV2(hashHash, ntResponse, false);
            return MsChapV2Method.responseValue(peerChallenge, ntResponse);
        } finally {
            Arrays.fill(passwordHash, (byte) 0);
            Arrays.fill(hashHash, (byte) 0);
            if (ntResponse != null) {
                Arrays.fill(ntResponse, (byte) 0);
            }
        }
    }

    private byte[] passwordHash() {
        return MsChapCrypto.ntPasswordHash(ctx.secret());
    }

    private void transmit(long nowNanos) {
        transmissions++;
        ctx.io().send(PppProtocol.CHAP, response.duplicate());
        deadline = nowNanos + ctx.restartNanos();
    }

    private void verdict(int code, int packetId, ByteBuffer message) {
        if (state != State.RESPONDED || packetId != id) {
            drop("CHAP " + ChapPacket.codeName(code) + " id=0x" + Integer.toHexString(packetId)
                    + " answers no Response of ours");
            return;
        }
        byte[] text = new byte[message.remaining()];
        message.get(0, text);
        if (code == ChapPacket.FAILURE) {
            finish();
            ctx.listener().authenticationFailed(method, method.displayName() + " authentication failed: " + failureText(text));
            return;
        }
        if (method == AuthProtocol.MSCHAP_V2 && !authenticatorResponseMatches(text)) {
            finish();
            ctx.listener().authenticationFailed(method,
                    "MS-CHAPv2 mutual authentication failed: the server's authenticator response is wrong");
            return;
        }
        MppeKeyMaterial k = keys;
        keys = null; // handed over: the link destroys it
        finish();
        ctx.listener().authenticated(method, k);
    }

    /** RFC 2759 §5: the Success message starts with "S=" and the 40 hex digits (compared in constant time). */
    private boolean authenticatorResponseMatches(byte[] text) {
        int n = MsChapCrypto.AUTHENTICATOR_RESPONSE_LENGTH;
        if (text.length < n || expectedAuthenticatorResponse == null) {
            return false;
        }
        byte[] got = Arrays.copyOf(text, n);
        for (int i = 2; i < n; i++) {
            got[i] = (byte) Character.toUpperCase((char) (got[i] & 0xff)); // hex digits in either case
        }
        return MessageDigest.isEqual(got, expectedAuthenticatorResponse);
    }

    /** "E=691 R=0 C=... V=3 M=Access denied" becomes "E=691 Access denied"; CHAP-MD5's text stays as it is. */
    static String failureText(byte[] text) {
        String s = AuthContext.printable(new String(text, StandardCharsets.ISO_8859_1), ChapServer.MAX_MESSAGE_LENGTH);
        if (!s.startsWith("E=")) {
            return s.isEmpty() ? "(no message)" : s;
        }
        int space = s.indexOf(' ');
        String error = space < 0 ? s : s.substring(0, space);
        int m = s.indexOf("M=");
        return m < 0 ? error : error + " " + s.substring(m + 2);
    }

    @Override
    public void poll(long nowNanos) {
        if (deadline == Long.MAX_VALUE || nowNanos - deadline < 0) {
            return;
        }
        deadline = Long.MAX_VALUE;
        if (state == State.WAITING) {
            finish();
            ctx.listener().authenticationFailed(method, "no CHAP Challenge from the server");
        } else if (state == State.RESPONDED) {
            if (transmissions < ctx.maxTransmissions()) {
                transmit(nowNanos);
            } else {
                finish();
                ctx.listener().authenticationFailed(method, "no CHAP Success or Failure from the server");
            }
        }
    }

    @Override
    public long deadline() {
        return deadline;
    }

    private void drop(String reason) {
        ctx.io().dropped(PppProtocol.CHAP, reason);
    }

    private void forget() {
        if (keys != null) {
            keys.destroy();
            keys = null;
        }
        if (challenge != null) {
            Arrays.fill(challenge, (byte) 0);
        }
        expectedAuthenticatorResponse = null;
    }

    private void finish() {
        state = State.DONE;
        deadline = Long.MAX_VALUE;
        forget();
    }

    @Override
    public void stop() {
        finish();
    }
}
