package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.ppp.PppProtocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The peer side of PAP (RFC 1334 §2): sends the Authenticate-Request and repeats it (same Identifier,
 * so that a server which already answered repeats its verdict) every {@code chap-restart} seconds up
 * to {@code chap-max-challenge} times; an Authenticate-Ack or -Nak for it ends the exchange.
 */
public final class PapPeer implements AuthPeer {
    /** RFC 1334 §2.2: the Peer-ID and Passwd fields are at most 255 octets (one length octet each). */
    public static final int MAX_FIELD_LENGTH = 255;

    private final Context ctx;
    private boolean done;
    private long deadline = Long.MAX_VALUE;
    private int id;
    private int transmissions;

    public PapPeer(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public void start(long nowNanos) {
        if (!ctx.secret().hasPassword()) {
            done = true;
            ctx.listener().authenticationFailed(AuthProtocol.PAP, "PAP needs the plaintext password, not an NT hash");
            return;
        }
        id = ctx.random().nextInt(256);
        transmit(nowNanos);
    }

    private void transmit(long nowNanos) {
        byte[] user = ctx.user().getBytes(StandardCharsets.UTF_8);
        char[] password = ctx.secret().password();
        byte[] secret = Secret.utf8(password);
        Arrays.fill(password, '\0');
        int userLength = Math.min(user.length, MAX_FIELD_LENGTH);
        int secretLength = Math.min(secret.length, MAX_FIELD_LENGTH);
        int length = PapServer.HEADER_LENGTH + 1 + userLength + 1 + secretLength;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) PapServer.AUTHENTICATE_REQUEST).put((byte) id).putShort((short) length)
                .put((byte) userLength).put(user, 0, userLength).put((byte) secretLength).put(secret, 0, secretLength).flip();
        Arrays.fill(secret, (byte) 0);
        transmissions++;
        deadline = nowNanos + ctx.restartNanos();
        ctx.io().send(PppProtocol.PAP, b);
        Arrays.fill(b.array(), (byte) 0);
    }

    @Override
    public void receive(ByteBuffer packet, long nowNanos) {
        int p = packet.position();
        int available = packet.remaining();
        if (available < PapServer.HEADER_LENGTH) {
            ctx.io().dropped(PppProtocol.PAP, "PAP packet shorter than its header");
            return;
        }
        int code = packet.get(p) & 0xff;
        int packetId = packet.get(p + 1) & 0xff;
        int length = packet.getShort(p + 2) & 0xffff;
        if (length < PapServer.HEADER_LENGTH || length > available
                || code != PapServer.AUTHENTICATE_ACK && code != PapServer.AUTHENTICATE_NAK) {
            ctx.io().dropped(PppProtocol.PAP, "malformed PAP packet (or not an Authenticate-Ack/Nak)");
            return;
        }
        if (done || packetId != id) {
            ctx.io().dropped(PppProtocol.PAP, "PAP verdict id=0x" + Integer.toHexString(packetId) + " answers no request of ours");
            return;
        }
        done = true;
        deadline = Long.MAX_VALUE;
        if (code == PapServer.AUTHENTICATE_ACK) {
            ctx.listener().authenticated(AuthProtocol.PAP, null);
            return;
        }
        String message = "";
        if (length > PapServer.HEADER_LENGTH) {
            int n = Math.min(packet.get(p + PapServer.HEADER_LENGTH) & 0xff, length - PapServer.HEADER_LENGTH - 1);
            byte[] m = new byte[Math.max(0, n)];
            packet.get(p + PapServer.HEADER_LENGTH + 1, m);
            message = AuthContext.printable(new String(m, StandardCharsets.ISO_8859_1), ChapServer.MAX_MESSAGE_LENGTH);
        }
        ctx.listener().authenticationFailed(AuthProtocol.PAP, "PAP authentication failed: " + message);
    }

    @Override
    public void poll(long nowNanos) {
        if (done || deadline == Long.MAX_VALUE || nowNanos - deadline < 0) {
            return;
        }
        if (transmissions < ctx.maxTransmissions()) {
            transmit(nowNanos);
        } else {
            done = true;
            deadline = Long.MAX_VALUE;
            ctx.listener().authenticationFailed(AuthProtocol.PAP, "no PAP Authenticate-Ack or -Nak from the server");
        }
    }

    @Override
    public long deadline() {
        return deadline;
    }

    @Override
    public void stop() {
        done = true;
        deadline = Long.MAX_VALUE;
    }
}
