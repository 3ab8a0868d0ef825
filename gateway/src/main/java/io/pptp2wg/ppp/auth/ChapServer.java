package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.ppp.PppProtocol;
import io.pptp2wg.session.LoginPolicy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The authenticator side of CHAP (RFC 1994 §4) for MD5, MS-CHAPv1 and MS-CHAP-V2: the Challenge is
 * repeated every {@code chap-restart} seconds up to {@code chap-max-challenge} times; a wrong MS-CHAP
 * response may be retried (R=1, with the next challenge in C=) up to {@link #MAX_ATTEMPTS} times on
 * the same link, as Windows clients expect; a repeated Response after the verdict gets the same verdict.
 */
public final class ChapServer implements Authenticator {
    /** Wrong answers allowed on one link before the last Failure says R=0. */
    public static final int MAX_ATTEMPTS = 3;
    /** Longest failure/refusal text we put into a packet. */
    public static final int MAX_MESSAGE_LENGTH = 200;

    private enum State { IDLE, CHALLENGED, AWAIT_RETRY, DONE }

    private final AuthContext ctx;
    private final ChapMethod method;
    private State state = State.IDLE;
    private byte[] challenge;
    private int id;
    private int challengesSent;
    private int attempts;
    private long deadline = Long.MAX_VALUE;
    private ByteBuffer lastVerdict;
    private int lastVerdictId = -1;

    public ChapServer(AuthContext ctx, ChapMethod method) {
        this.ctx = ctx;
        this.method = method;
    }

    public ChapMethod method() {
        return method;
    }

    private byte[] newChallenge() {
        byte[] c = new byte[method.challengeLength()];
        ctx.random().nextBytes(c);
        return c;
    }

    @Override
    public void start(long nowNanos) {
        challenge = newChallenge();
        id = ctx.random().nextInt(256);
        challengesSent = 0;
        sendChallenge(nowNanos);
        state = State.CHALLENGED;
    }

    private void sendChallenge(long nowNanos) {
        ctx.io().send(PppProtocol.CHAP, ChapPacket.challenge(ChapPacket.CHALLENGE, id, challenge, ourName()));
        challengesSent++;
        deadline = nowNanos + ctx.restartNanos();
    }

    private String ourName() {
        String name = ctx.options().name();
        return name == null || name.isEmpty() ? "pptp2wg" : name;
    }

    @Override
    public void poll(long nowNanos) {
        if (deadline == Long.MAX_VALUE || nowNanos - deadline < 0) {
            return;
        }
        deadline = Long.MAX_VALUE;
        if (state == State.CHALLENGED) {
            if (challengesSent >= ctx.maxChallenges()) {
                state = State.DONE;
                ctx.listener().authTimedOut("Peer failed to respond to CHAP challenge");
            } else {
                sendChallenge(nowNanos);
            }
        } else if (state == State.AWAIT_RETRY) {
            state = State.DONE;
            ctx.listener().authTimedOut("Peer did not retry authentication");
        }
    }

    @Override
    public long deadline() {
        return deadline;
    }

    @Override
    public void receive(ByteBuffer packet, long nowNanos) {
        if (packet.remaining() >= 1 && (packet.get(packet.position()) & 0xff) != ChapPacket.RESPONSE) {
            ctx.io().dropped(PppProtocol.CHAP, "CHAP " + ChapPacket.codeName(packet.get(packet.position()) & 0xff)
                    + " from the peer ignored");
            return;
        }
        ChapPacket.Response response = ChapPacket.parseResponse(packet, method.responseLength());
        if (response == null) {
            ctx.io().dropped(PppProtocol.CHAP, "malformed CHAP Response (or not a " + method.protocol().displayName() + " one)");
            return;
        }
        try {
            handle(response, nowNanos);
        } finally {
            Arrays.fill(response.value(), (byte) 0);
        }
    }

    private void handle(ChapPacket.Response response, long nowNanos) {
        switch (state) {
            case IDLE -> ctx.io().dropped(PppProtocol.CHAP, "CHAP Response before our Challenge");
            case DONE -> {
                if (response.id() == lastVerdictId && lastVerdict != null) {
                    ctx.io().send(PppProtocol.CHAP, lastVerdict.duplicate()); // our verdict was lost: repeat it
                } else {
                    ctx.io().dropped(PppProtocol.CHAP, "CHAP Response after authentication ended");
                }
            }
            case CHALLENGED, AWAIT_RETRY -> {
                if (response.id() != id) {
                    ctx.io().dropped(PppProtocol.CHAP, "CHAP Response id=0x" + Integer.toHexString(response.id())
                            + " does not answer challenge id=0x" + Integer.toHexString(id));
                    return;
                }
                verify(response, nowNanos);
            }
        }
    }

    private void verify(ChapPacket.Response response, long nowNanos) {
        String login = ctx.loginName(response.name());
        Optional<String> wait = ctx.guard().beforePassword(login);
        if (wait.isPresent()) {
            String text = AuthContext.printable(wait.get(), MAX_MESSAGE_LENGTH);
            finish(ChapPacket.FAILURE, response.id(), method.lockedOutMessage(text, newChallenge()));
            ctx.listener().authLockedOut(login, method.protocol(), text);
            return;
        }
        Optional<SecretsEntry> entry = ctx.chapSecret(login);
        ChapMethod.Verification v = entry.isEmpty()
                ? ChapMethod.Verification.failed("no secret for " + AuthContext.printable(login, 64) + " in chap-secrets")
                : method.verify(response.id(), challenge, response.value(), response.name(), entry.get().secret());
        if (v.ok()) {
            ctx.guard().passwordAccepted(login);
            LoginPolicy.Decision decision = ctx.policy().apply(login);
            if (decision instanceof LoginPolicy.Decision.Refuse refuse) {
                if (v.keys() != null) {
                    v.keys().destroy();
                }
                String text = AuthContext.printable(refuse.messageToClient(), MAX_MESSAGE_LENGTH);
                finish(ChapPacket.FAILURE, response.id(), method.failureMessage(text, false, newChallenge()));
                ctx.listener().authRefused(login, method.protocol(), text);
                return;
            }
            finish(ChapPacket.SUCCESS, response.id(), method.successMessage(v));
            ctx.listener().authSucceeded(login, method.protocol(), v.keys());
            return;
        }
        ctx.guard().passwordFailed(login);
        attempts++;
        boolean retry = method.allowsRetry() && attempts < MAX_ATTEMPTS;
        byte[] next = newChallenge();
        String message = method.failureMessage("Access denied", retry, next);
        if (retry) {
            ctx.io().send(PppProtocol.CHAP, ChapPacket.message(ChapPacket.FAILURE, response.id(), message));
            challenge = next;
            id = (id + 1) & 0xff; // RFC 2433 §7: the retried Response carries the next Identifier
            state = State.AWAIT_RETRY;
            deadline = nowNanos + ctx.patienceNanos();
        } else {
            finish(ChapPacket.FAILURE, response.id(), message);
        }
        ctx.listener().authFailed(login, method.protocol(), v.reason(), !retry);
    }

    private void finish(int code, int responseId, String message) {
        lastVerdict = ChapPacket.message(code, responseId, message);
        lastVerdictId = responseId;
        ctx.io().send(PppProtocol.CHAP, lastVerdict.duplicate());
        state = State.DONE;
        deadline = Long.MAX_VALUE;
    }

    @Override
    public void stop() {
        state = State.DONE;
        deadline = Long.MAX_VALUE;
        if (challenge != null) {
            Arrays.fill(challenge, (byte) 0);
        }
    }
}
