package io.pptp2wg.ppp.auth;

import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.ppp.fsm.FsmIo;
import io.pptp2wg.session.AuthGuard;
import io.pptp2wg.session.LoginPolicy;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every authenticator needs: the options, the user directory (read afresh for every login,
 * since chap-secrets may be reloaded), the login policy, randomness, where packets go, whom to tell, and the
 * guessing limits (asked before every password check, local or remote); with {@code remote} (pppd's radius
 * plugin) the proof is checked there instead of in the user directory.
 */
public record AuthContext(
        PppOptions options,
        Supplier<UserDirectory> users,
        Function<String, LoginPolicy.Decision> policy,
        Random random,
        FsmIo io,
        AuthListener listener,
        AuthGuard guard,
        Optional<RemoteAuth> remote) {

    /** Local authentication only (chap-secrets/pap-secrets), without guessing limits. */
    public AuthContext(PppOptions options, Supplier<UserDirectory> users, Function<String, LoginPolicy.Decision> policy,
                       Random random, FsmIo io, AuthListener listener) {
        this(options, users, policy, random, io, listener, AuthGuard.NONE, Optional.empty());
    }

    /** Local authentication only, with guessing limits. */
    public AuthContext(PppOptions options, Supplier<UserDirectory> users, Function<String, LoginPolicy.Decision> policy,
                       Random random, FsmIo io, AuthListener listener, AuthGuard guard) {
        this(options, users, policy, random, io, listener, guard, Optional.empty());
    }

    /** Without guessing limits. */
    public AuthContext(PppOptions options, Supplier<UserDirectory> users, Function<String, LoginPolicy.Decision> policy,
                       Random random, FsmIo io, AuthListener listener, Optional<RemoteAuth> remote) {
        this(options, users, policy, random, io, listener, AuthGuard.NONE, remote);
    }

    /** The User-Name to send to RADIUS: the login name, with {@code @default_realm} when it has no realm. */
    public String radiusUserName(String loginName) {
        return remote.flatMap(RemoteAuth::defaultRealm).filter(r -> !loginName.contains("@"))
                .map(r -> loginName + "@" + r).orElse(loginName);
    }

    /** The name a login is looked up (and reported) under: "DOMAIN\\user" becomes "user" with chapms-strip-domain. */
    public String loginName(String nameAsSent) {
        return options.stripDomain() ? MsChapCrypto.stripDomain(nameAsSent) : nameAsSent;
    }

    public Optional<SecretsEntry> chapSecret(String loginName) {
        UserDirectory d = users.get();
        return d == null ? Optional.empty() : d.chap(loginName);
    }

    public Optional<SecretsEntry> papSecret(String loginName) {
        UserDirectory d = users.get();
        return d == null ? Optional.empty() : d.pap(loginName);
    }

    public long restartNanos() {
        return TimeUnit.SECONDS.toNanos(Math.max(1, options.chapRestartSeconds()));
    }

    public int maxChallenges() {
        return Math.max(1, options.chapMaxChallenge());
    }

    /** How long we wait for a PAP request or an MS-CHAP retry: pppd's 30 s with its defaults. */
    public long patienceNanos() {
        return restartNanos() * maxChallenges();
    }

    /** Text we put into a packet or a log: printable ASCII only, bounded. */
    public static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
