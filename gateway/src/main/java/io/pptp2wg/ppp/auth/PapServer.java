package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.ppp.PppProtocol;
import io.pptp2wg.session.LoginPolicy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The authenticator side of PAP (RFC 1334 §2): waits for an Authenticate-Request, checks it against
 * pap-secrets in constant time, answers Ack or Nak; a repeated request after the verdict gets it again.
 */
public final class PapServer implements Authenticator {
    public static final int AUTHENTICATE_REQUEST = 1;
    public static final int AUTHENTICATE_ACK = 2;
    public static final int AUTHENTICATE_NAK = 3;
    public static final int HEADER_LENGTH = 4;

    private final AuthContext ctx;
    private boolean done;
    private long deadline = Long.MAX_VALUE;
    private ByteBuffer lastVerdict;
    private int lastVerdictId = -1;
    /** A request went to the RADIUS server: its ticket, the request's id and login; -1 when none. */
    private long ticket = -1;
    private int verifyingId;
    private String verifyingLogin;

    public PapServer(AuthContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void start(long nowNanos) {
        deadline = nowNanos + ctx.patienceNanos();
    }

    @Override
    public void poll(long nowNanos) {
        if (deadline != Long.MAX_VALUE && nowNanos - deadline >= 0) {
            deadline = Long.MAX_VALUE;
            if (!done) {
                done = true;
                ctx.listener().authTimedOut("Peer failed to authenticate with PAP in time");
            }
        }
    }

    @Override
    public long deadline() {
        return deadline;
    }

    /** A parsed Authenticate-Request; the password bytes are zeroed by the caller. */
    record Request(int id, String peerId, byte[] password) {}

    /** Parses an Authenticate-Request (RFC 1334 §2.2.1), lengths first; null when malformed. */
    static Request parse(ByteBuffer packet) {
        int p = packet.position();
        int available = packet.remaining();
        if (available < HEADER_LENGTH + 2) {
            return null;
        }
        int code = packet.get(p) & 0xff;
        int id = packet.get(p + 1) & 0xff;
        int length = packet.getShort(p + 2) & 0xffff;
        if (code != AUTHENTICATE_REQUEST || length < HEADER_LENGTH + 2 || length > available) {
            return null;
        }
        int peerIdLength = packet.get(p + HEADER_LENGTH) & 0xff;
        int passwordLengthAt = HEADER_LENGTH + 1 + peerIdLength;
        if (passwordLengthAt >= length) {
            return null;
        }
        int passwordLength = packet.get(p + passwordLengthAt) & 0xff;
        if (passwordLengthAt + 1 + passwordLength > length) {
            return null;
        }
        byte[] peerId = new byte[peerIdLength];
        packet.get(p + HEADER_LENGTH + 1, peerId);
        byte[] password = new byte[passwordLength];
        packet.get(p + passwordLengthAt + 1, password);
        return new Request(id, new String(peerId, StandardCharsets.UTF_8), password);
    }

    /** Writes an Authenticate-Ack or -Nak with a message. */
    static ByteBuffer verdict(int code, int id, String message) {
        byte[] m = message.getBytes(StandardCharsets.US_ASCII);
        int length = HEADER_LENGTH + 1 + m.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) code).put((byte) id).putShort((short) length).put((byte) m.length).put(m);
        return b.flip();
    }

    @Override
    public void receive(ByteBuffer packet, long nowNanos) {
        Request request = parse(packet);
        if (request == null) {
            ctx.io().dropped(PppProtocol.PAP, "malformed PAP packet (or not an Authenticate-Request)");
            return;
        }
        try {
            if (done) {
                if (request.id() == lastVerdictId && lastVerdict != null) {
                    ctx.io().send(PppProtocol.PAP, lastVerdict.duplicate());
                } else {
                    ctx.io().dropped(PppProtocol.PAP, "PAP request after authentication ended");
                }
                return;
            }
            if (ticket >= 0) {
                // the client repeats its request (pap-restart) while the RADIUS server is asked
                ctx.io().dropped(PppProtocol.PAP, "PAP request while the RADIUS server checks the last one");
                return;
            }
            if (ctx.remote().isPresent()) {
                if (lockedOut(request)) {
                    return;
                }
                RemoteAuth remote = ctx.remote().get();
                verifyingId = request.id();
                verifyingLogin = ctx.loginName(request.peerId());
                deadline = Long.MAX_VALUE; // the RADIUS client bounds its own time and always answers
                ticket = remote.submit(new io.pptp2wg.radius.AccessRequestSpec(ctx.radiusUserName(verifyingLogin),
                        new io.pptp2wg.radius.RadiusCredentials.Pap(request.password().clone()), remote.nasPort(),
                        remote.callingStationId()));
                return;
            }
            check(request);
        } finally {
            Arrays.fill(request.password(), (byte) 0);
        }
    }

    /** The guessing limits, asked before any password is checked (here or by RADIUS): true if refused. */
    private boolean lockedOut(Request request) {
        String login = ctx.loginName(request.peerId());
        Optional<String> wait = ctx.guard().beforePassword(login);
        if (wait.isEmpty()) {
            return false;
        }
        String text = AuthContext.printable(wait.get(), ChapServer.MAX_MESSAGE_LENGTH);
        finish(AUTHENTICATE_NAK, request.id(), text);
        ctx.listener().authLockedOut(login, AuthProtocol.PAP, text);
        return true;
    }

    private void check(Request request) {
        String login = ctx.loginName(request.peerId());
        if (lockedOut(request)) {
            return;
        }
        Optional<SecretsEntry> entry = ctx.papSecret(login);
        String failure = null;
        if (entry.isEmpty()) {
            failure = "no secret for " + AuthContext.printable(login, 64) + " in pap-secrets";
        } else if (!entry.get().secret().hasPassword()) {
            failure = "the secret is stored as an NT hash, which cannot check a PAP password";
        } else if (!matches(entry.get().secret(), request.password())) {
            failure = "wrong password (PAP)";
        }
        if (failure != null) {
            ctx.guard().passwordFailed(login);
            finish(AUTHENTICATE_NAK, request.id(), "Login incorrect");
            ctx.listener().authFailed(login, AuthProtocol.PAP, failure, true);
            return;
        }
        ctx.guard().passwordAccepted(login);
        LoginPolicy.Decision decision = ctx.policy().apply(login);
        if (decision instanceof LoginPolicy.Decision.Refuse refuse) {
            String text = AuthContext.printable(refuse.messageToClient(), ChapServer.MAX_MESSAGE_LENGTH);
            finish(AUTHENTICATE_NAK, request.id(), text);
            ctx.listener().authRefused(login, AuthProtocol.PAP, text);
            return;
        }
        finish(AUTHENTICATE_ACK, request.id(), "Login ok");
        ctx.listener().authSucceeded(login, AuthProtocol.PAP, null);
    }

    @Override
    public void remoteAnswered(long answeredTicket, io.pptp2wg.radius.RadiusReply reply, long nowNanos) {
        if (done || answeredTicket != ticket) {
            return;
        }
        ticket = -1;
        String login = verifyingLogin;
        switch (reply) {
            case io.pptp2wg.radius.RadiusReply.Accept a -> {
                ctx.guard().passwordAccepted(login);
                LoginPolicy.Decision decision = ctx.policy().apply(login);
                if (decision instanceof LoginPolicy.Decision.Refuse refuse) {
                    String text = AuthContext.printable(refuse.messageToClient(), ChapServer.MAX_MESSAGE_LENGTH);
                    finish(AUTHENTICATE_NAK, verifyingId, text);
                    ctx.listener().authRefused(login, AuthProtocol.PAP, text);
                    return;
                }
                finish(AUTHENTICATE_ACK, verifyingId, a.replyMessage()
                        .map(m -> AuthContext.printable(m, ChapServer.MAX_MESSAGE_LENGTH)).orElse("Login ok"));
                ctx.listener().authSucceeded(login, AuthProtocol.PAP, null, a);
            }
            case io.pptp2wg.radius.RadiusReply.Reject r -> {
                ctx.guard().passwordFailed(login);
                finish(AUTHENTICATE_NAK, verifyingId, r.replyMessage()
                        .map(m -> AuthContext.printable(m, ChapServer.MAX_MESSAGE_LENGTH)).orElse("Login incorrect"));
                ctx.listener().authFailed(login, AuthProtocol.PAP, "refused by RADIUS " + r.server()
                        + r.replyMessage().map(m -> ": " + m).orElse(""), true);
            }
            case io.pptp2wg.radius.RadiusReply.Unreachable u -> {
                finish(AUTHENTICATE_NAK, verifyingId, "Authentication service unreachable");
                ctx.listener().authRefused(login, AuthProtocol.PAP, u.reason());
            }
        }
    }

    private static boolean matches(Secret secret, byte[] offered) {
        char[] password = secret.password();
        byte[] expected = Secret.utf8(password);
        try {
            return MessageDigest.isEqual(expected, offered);
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(expected, (byte) 0);
        }
    }

    private void finish(int code, int id, String message) {
        lastVerdict = verdict(code, id, message);
        lastVerdictId = id;
        ctx.io().send(PppProtocol.PAP, lastVerdict.duplicate());
        done = true;
        deadline = Long.MAX_VALUE;
    }

    @Override
    public void stop() {
        if (ticket >= 0 && !done) {
            long t = ticket;
            ctx.remote().ifPresent(r -> r.cancel(t));
        }
        ticket = -1;
        done = true;
        deadline = Long.MAX_VALUE;
    }
}
