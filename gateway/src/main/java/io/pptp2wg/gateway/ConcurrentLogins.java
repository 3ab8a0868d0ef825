package io.pptp2wg.gateway;

import io.netty.util.concurrent.EventExecutor;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.ReconnectRule;
import io.pptp2wg.session.SameDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Several sessions of one user at once, as pptpd allows (an office sharing one account between laptops and
 * routers): the per-user limit, which session holds the user's own address and which borrow one, and when a new
 * login is a reconnect of the device whose older session it replaces ({@link ReconnectRule}: silent for long, or no
 * answer to an LCP Echo-Request while the new login's network phase waits). Thread-safe: logins of one user may run
 * on several event loops.
 */
final class ConcurrentLogins {
    private static final Logger EVENTS = LoggerFactory.getLogger("io.pptp2wg.session");

    private final AddressAllocator addresses;
    private final SessionsPerUser perUser;
    private final GatewayStats stats;
    private final LongSupplier nanoClock;
    /** user → the live session holding the user's own address (the one a reconnect of its device may take over). */
    private final Map<String, CallSession> ownAddressHolder = new ConcurrentHashMap<>();

    /** Where a login is made durable before its IPCP opens. */
    private final java.util.function.Supplier<io.pptp2wg.session.LoginRecorder> recorder;

    ConcurrentLogins(AddressAllocator addresses, int maxSessionsPerUser, GatewayStats stats, LongSupplier nanoClock,
                     java.util.function.Supplier<io.pptp2wg.session.LoginRecorder> recorder) {
        this.recorder = recorder;
        this.addresses = addresses;
        this.perUser = new SessionsPerUser(maxSessionsPerUser);
        this.stats = stats;
        this.nanoClock = nanoClock;
    }

    /** The call ended (up or not): its place under the limit and its claim on the own address go. */
    void ended(CallSession s) {
        if (s.login.heldAddress instanceof AddressAllocator.Result.Assigned a && s.login.recorded != null) {
            // ended while its login was being recorded: the PPP link never got the address, so it is released here
            s.login.heldAddress = null;
            addresses.release(s.login.recorded.user(), a.address());
        }
        if (s.login.countedUser != null) {
            perUser.remove(s.login.countedUser);
            s.login.countedUser = null;
        }
        if (s.user() != null) {
            ownAddressHolder.remove(s.user(), s);
        }
    }

    /**
     * After the password checked out: the admin API's policy (sunset, migrated), then the per-user limit. A session
     * let in counts against its user's limit until its call ends.
     */
    LoginPolicy.Decision admit(CallSession s, String user, ClientFingerprint client, LoginPolicy policy) {
        LoginPolicy.Decision d = policy.check(user, client);
        if (!(d instanceof LoginPolicy.Decision.Allow) || s.login.countedUser != null) {
            return d;
        }
        ReconnectRule.Verdict v = reconnectVerdict(user, s);
        if (!perUser.tryAdd(user)) {
            if (v == ReconnectRule.Verdict.CONCURRENT) {
                stats.increment(SessionCounter.PER_USER_LIMIT_REFUSALS);
                return new LoginPolicy.Decision.Refuse(tooMany(user));
            }
            // a reconnect ends the session it replaces, so the limit does not stop it; one still to be probed is let
            // in on condition: if the older session answers, the new one is over the limit and gets no address
            perUser.add(user);
            s.login.overLimitUnlessReplacing = v == ReconnectRule.Verdict.PROBE;
        }
        s.login.countedUser = user;
        return d;
    }

    private String tooMany(String user) {
        return "Too many sessions: " + user + " already has " + perUser.limit() + " (the most this server allows per user)";
    }

    /**
     * What a login of {@code user} on {@code session} is to the older session holding the user's own address: a
     * reconnect of its device that replaces it (dead: silent for long, or it did not answer the probe), a
     * concurrent session (no older one, another device, or it answered), or not known yet (PROBE).
     */
    private ReconnectRule.Verdict reconnectVerdict(String user, CallSession session) {
        if (session.login.probed != null) {
            return session.login.probed;
        }
        CallSession older = ownAddressHolder.get(user);
        if (older == null || older == session || !addresses.takesOverReconnects()) {
            return ReconnectRule.Verdict.CONCURRENT;
        }
        return ReconnectRule.decide(SameDevice.test(user, older.fingerprint(), session.fingerprint()), older.heard.lastNanos,
                nanoClock.getAsLong());
    }

    /**
     * Asks the older session of the same device whether it is alive (an LCP Echo-Request) and resumes the new
     * session's held network phase with the answer: anything heard from the older one is CONCURRENT, nothing within
     * {@link ReconnectRule#PROBE_TIMEOUT_NANOS} is REPLACE.
     */
    private void probe(String user, CallSession session, CallSession older) {
        ReconnectRule.Probe p = new ReconnectRule.Probe(nanoClock.getAsLong());
        EVENTS.info("session probe user={} older id={}: a login of the same device while it holds the user's address;"
                + " asking it (LCP Echo-Request) before the new one gets an address", user, older.id);
        older.heard.then(() -> decided(user, session, older, p.heard(nanoClock.getAsLong())));
        older.probe();
        schedule(session, ReconnectRule.PROBE_TIMEOUT_NANOS, () -> {
            ReconnectRule.Verdict heard = p.heard(older.heard.lastNanos); // in case it was heard without the callback
            ReconnectRule.Verdict v = heard != null ? heard : p.timer(nanoClock.getAsLong());
            if (v == null && p.verdict() == null) {
                schedule(session, Math.max(1, p.deadline() - nanoClock.getAsLong()), () -> decided(user, session, older, p.timer(nanoClock.getAsLong())));
                return;
            }
            decided(user, session, older, v);
        });
    }

    private void decided(String user, CallSession session, CallSession older, ReconnectRule.Verdict v) {
        if (v == null) {
            return; // the other path decided first
        }
        stats.increment(v == ReconnectRule.Verdict.REPLACE ? SessionCounter.PROBES_UNANSWERED : SessionCounter.PROBES_ANSWERED);
        EVENTS.info("session probe user={} older id={}: {}", user, older.id, v == ReconnectRule.Verdict.REPLACE
                ? "no answer: a reconnect of the same device, it takes the address over"
                : "alive: both stay, the new one is a concurrent session");
        session.resumeNetwork(v);
    }

    /**
     * The tunnel address of one session: a reconnect of the device whose older session holds the user's own
     * address takes it over when that session has gone silent ({@link ReconnectRule}); any other further session
     * of the user gets a borrowed one (pptpd's behaviour: several logins of one name are several calls).
     */
    /** The allocator one session's PPP link asks (it decides the claim; the real allocator decides the address). */
    AddressAllocator addressesFor(CallSession session) {
        return new SessionAddresses(session);
    }

    private final class SessionAddresses implements AddressAllocator {
        private final CallSession session;

        SessionAddresses(CallSession session) {
            this.session = session;
        }

        @Override
        public java.util.OptionalInt allocate(String user) {
            return assign(user, Claim.NEW_SESSION) instanceof Result.Assigned a
                    ? java.util.OptionalInt.of(a.address()) : java.util.OptionalInt.empty();
        }

        @Override
        public Result assign(String user, Claim ignored) {
            if (session.login.heldAddress != null) {
                Result held = session.login.heldAddress; // recorded (or the hold's limit passed): IPCP may have it now
                session.login.heldAddress = null;
                return held;
            }
            Result r = decide(user);
            if (r instanceof Result.Assigned a && session.login.recorded == null) {
                return record(user, a);
            }
            return r;
        }

        /**
         * The login is handed to the recorder and the network phase held until it is durable (or the hold's limit
         * passed): one commit, shared with the logins that arrived meanwhile, before the client's IPCP can open.
         */
        private Result record(String user, Result.Assigned a) {
            io.pptp2wg.session.LoginRecorder rec = recorder.get();
            if (rec == io.pptp2wg.session.LoginRecorder.NONE) {
                return a;
            }
            io.pptp2wg.session.SessionInfo info = new io.pptp2wg.session.SessionInfo(session.id, user,
                    session.call.localCallId(), session.call.peerCallId(), session.fingerprint(), a.address(),
                    session.auth(), "", session.wallNow(), a.holding());
            session.login.recorded = info;
            session.login.heldAddress = a;
            java.util.concurrent.atomic.AtomicBoolean resumed = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable resume = () -> {
                if (resumed.compareAndSet(false, true)) {
                    session.resumeNetwork(session.login.probed);
                }
            };
            java.util.concurrent.CompletionStage<?> durable;
            try {
                durable = rec.loggedIn(info);
            } catch (RuntimeException e) {
                EVENTS.warn("session login of {} not recorded before IPCP: {}", user, e.toString());
                return resumeNow(a);
            }
            if (durable.toCompletableFuture().isDone()) {
                return resumeNow(a);
            }
            durable.whenComplete((ok, failed) -> {
                if (failed != null) {
                    EVENTS.warn("session login id={} user={} not durable before IPCP: {}", session.id, user, failed.toString());
                }
                resume.run();
            });
            schedule(session, io.pptp2wg.session.LoginRecorder.HOLD_LIMIT_NANOS, () -> {
                if (!resumed.get()) {
                    stats.increment(SessionCounter.LOGIN_RECORD_TIMEOUTS);
                    EVENTS.warn("session login id={} user={} not durable within {} ms: IPCP goes on", session.id, user,
                            io.pptp2wg.session.LoginRecorder.HOLD_LIMIT_NANOS / 1_000_000);
                }
                resume.run();
            });
            return new Result.Pending();
        }

        private Result resumeNow(Result.Assigned a) {
            session.login.heldAddress = null;
            return a;
        }

        private Result decide(String user) {
            ReconnectRule.Verdict v = reconnectVerdict(user, session);
            if (v == ReconnectRule.Verdict.PROBE) {
                probe(user, session, ownAddressHolder.get(user));
                return new Result.Pending();
            }
            if (v == ReconnectRule.Verdict.CONCURRENT && session.login.overLimitUnlessReplacing) {
                stats.increment(SessionCounter.PER_USER_LIMIT_REFUSALS);
                return new Result.None(tooMany(user)); // the older session answered: this one would exceed the limit
            }
            Result r = addresses.assign(user, v == ReconnectRule.Verdict.REPLACE ? Claim.RECONNECT : Claim.NEW_SESSION);
            if (r instanceof Result.Assigned a) {
                session.login.holding = a.holding();
                if (a.holding() == Holding.OWN) {
                    ownAddressHolder.put(user, session); // from now on, a login of its device may probe it
                }
            }
            return r;
        }

        @Override
        public void release(String user, int address) {
            addresses.release(user, address);
        }
    }

    /** Runs {@code task} on the session's loop after {@code delayNanos} of real time. */
    private static void schedule(CallSession session, long delayNanos, Runnable task) {
        if (session.executor() instanceof EventExecutor e) {
            e.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } else {
            CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, session.executor()).execute(task);
        }
    }
}
