package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.radius.AccessRequestSpec;
import io.pptp2wg.radius.RadiusCredentials;
import io.pptp2wg.radius.RadiusReply;
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

    /** VERIFYING: the Response went to the RADIUS server, whose answer comes as {@link #remoteAnswered}. */
    private enum State { IDLE, CHALLENGED, AWAIT_RETRY, VERIFYING, DONE }

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
    private long ticket = -1;
    private int verifyingId;
    private String verifyingLogin;

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
            case VERIFYING -> ctx.io().dropped(PppProtocol.CHAP, "CHAP Response while the RADIUS server checks the last one");
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
        if (ctx.remote().isPresent()) {
            askRemote(response, ctx.remote().get());
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
        failed(response.id(), login, v.reason(), "Access denied", ChapMethod.ERROR_AUTHENTICATION_FAILURE, nowNanos);
    }

    /** A wrong answer: Failure with a retry (MS-CHAP's R=1 and a new challenge) while attempts are left. */
    private void failed(int responseId, String login, String reason, String text, int errorCode, long nowNanos) {
        attempts++;
        boolean retry = method.allowsRetry() && attempts < MAX_ATTEMPTS && errorCode == ChapMethod.ERROR_AUTHENTICATION_FAILURE;
        byte[] next = newChallenge();
        // RFC 2759 §6: a RADIUS server's own code (646-649: restricted hours, disabled, expired, no dial-in) goes through
        String message = method.failureMessage(errorCode, text, retry, next);
        if (retry) {
            ctx.io().send(PppProtocol.CHAP, ChapPacket.message(ChapPacket.FAILURE, responseId, message));
            challenge = next;
            id = (id + 1) & 0xff; // RFC 2433 §7: the retried Response carries the next Identifier
            state = State.AWAIT_RETRY;
            deadline = nowNanos + ctx.patienceNanos();
        } else {
            finish(ChapPacket.FAILURE, responseId, message);
        }
        ctx.listener().authFailed(login, method.protocol(), reason, !retry);
    }

    /** pppd's radius plugin: the Response goes to the RADIUS server; the link waits for its answer. */
    private void askRemote(ChapPacket.Response response, RemoteAuth remote) {
        String login = ctx.loginName(response.name());
        byte[] value = response.value().clone();
        RadiusCredentials credentials = switch (method.protocol()) {
            case MSCHAP_V2 -> new RadiusCredentials.MsChapV2(response.id(), challenge.clone(), value);
            case MSCHAP_V1 -> new RadiusCredentials.MsChapV1(response.id(), challenge.clone(), value);
            case CHAP_MD5 -> new RadiusCredentials.ChapMd5(response.id(), challenge.clone(), value);
            case PAP -> throw new IllegalStateException("PAP is not a CHAP algorithm");
        };
        state = State.VERIFYING;
        deadline = Long.MAX_VALUE; // the RADIUS client bounds its own time and always answers
        verifyingId = response.id();
        verifyingLogin = login;
        ticket = remote.submit(new AccessRequestSpec(ctx.radiusUserName(login), credentials, remote.nasPort(),
                remote.callingStationId()));
    }

    @Override
    public void remoteAnswered(long answeredTicket, RadiusReply reply, long nowNanos) {
        if (state != State.VERIFYING || answeredTicket != ticket) {
            if (reply instanceof RadiusReply.Accept a) {
                a.mppeKeys().ifPresent(io.pptp2wg.mppe.MppeKeyMaterial::destroy);
            }
            return;
        }
        ticket = -1;
        String login = verifyingLogin;
        switch (reply) {
            case RadiusReply.Accept a -> {
                ctx.guard().passwordAccepted(login);
                accepted(login, a);
            }
            case RadiusReply.Reject r -> {
                // only "authentication failure" is a guess; 646-649 are the account's restrictions, not the password
                if (r.errorCode() == ChapMethod.ERROR_AUTHENTICATION_FAILURE) {
                    ctx.guard().passwordFailed(login);
                }
                failed(verifyingId, login, "refused by RADIUS " + r.server()
                                + r.replyMessage().map(m -> ": " + m).orElse(""),
                        r.replyMessage().map(m -> AuthContext.printable(m, MAX_MESSAGE_LENGTH)).orElse("Access denied"),
                        r.errorCode(), nowNanos);
            }
            case RadiusReply.Unreachable u -> {
                finish(ChapPacket.FAILURE, verifyingId, method.failureMessage("Authentication service unreachable", false,
                        newChallenge()));
                ctx.listener().authRefused(login, method.protocol(), u.reason());
            }
        }
    }

    private void accepted(String login, RadiusReply.Accept a) {
        MppeKeyMaterial keys = a.mppeKeys().orElse(null);
        if (keys == null && ctx.options().mppe().required() && method.protocol().yieldsMppeKeys()) {
            finish(ChapPacket.FAILURE, verifyingId, method.failureMessage("MPPE keys missing", false, newChallenge()));
            ctx.listener().authRefused(login, method.protocol(), "RADIUS " + a.server()
                    + " accepted the login but sent no MS-MPPE keys, and MPPE is required");
            return;
        }
        LoginPolicy.Decision decision = ctx.policy().apply(login);
        if (decision instanceof LoginPolicy.Decision.Refuse refuse) {
            if (keys != null) {
                keys.destroy();
            }
            String text = AuthContext.printable(refuse.messageToClient(), MAX_MESSAGE_LENGTH);
            finish(ChapPacket.FAILURE, verifyingId, method.failureMessage(text, false, newChallenge()));
            ctx.listener().authRefused(login, method.protocol(), text);
            return;
        }
        ChapMethod.Verification v = new ChapMethod.Verification(true, null, a.authenticatorResponse().orElse(null), keys);
        finish(ChapPacket.SUCCESS, verifyingId, method.successMessage(v));
        ctx.listener().authSucceeded(login, method.protocol(), keys, a);
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
        if (state == State.VERIFYING && ticket >= 0) {
            ctx.remote().ifPresent(r -> r.cancel(ticket));
        }
        state = State.DONE;
        deadline = Long.MAX_VALUE;
        if (challenge != null) {
            Arrays.fill(challenge, (byte) 0);
        }
    }
}
