package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.AuthGuard;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;

import java.util.Random;
import java.util.function.Supplier;

/**
 * What a {@link PppLink} needs from its surroundings.
 *
 * @param options      the pppd options (auth methods, MPPE policy, MRU, DNS/WINS, echo, limits)
 * @param users        the current user directory (it changes when chap-secrets is reloaded)
 * @param policy       sunset / migrated refusals, asked after the password checked out
 * @param addresses    the tunnel address for the authenticated user
 * @param localAddress the gateway's tunnel address (IPCP local)
 * @param client       who is on the other end (for the policy and for events)
 * @param random       challenges and magic numbers; a SecureRandom in production, seeded in tests
 * @param guard        the guessing limits, asked before every password check
 * @param remoteAuth   with pppd's radius plugin: where logins are checked instead of the user directory
 */
public record PppLinkConfig(
        PppOptions options,
        Supplier<UserDirectory> users,
        LoginPolicy policy,
        AddressAllocator addresses,
        int localAddress,
        ClientFingerprint client,
        Random random,
        AuthGuard guard,
        java.util.Optional<io.pptp2wg.ppp.auth.RemoteAuth> remoteAuth) {

    /** Absent means none: no guessing limits, local authentication. */
    public PppLinkConfig {
        guard = guard == null ? AuthGuard.NONE : guard;
        remoteAuth = remoteAuth == null ? java.util.Optional.empty() : remoteAuth;
    }

    /** Local authentication (chap-secrets/pap-secrets), without guessing limits. */
    public PppLinkConfig(PppOptions options, Supplier<UserDirectory> users, LoginPolicy policy, AddressAllocator addresses,
                         int localAddress, ClientFingerprint client, Random random) {
        this(options, users, policy, addresses, localAddress, client, random, AuthGuard.NONE, java.util.Optional.empty());
    }

    /** Local authentication with guessing limits. */
    public PppLinkConfig(PppOptions options, Supplier<UserDirectory> users, LoginPolicy policy, AddressAllocator addresses,
                         int localAddress, ClientFingerprint client, Random random, AuthGuard guard) {
        this(options, users, policy, addresses, localAddress, client, random, guard, java.util.Optional.empty());
    }

    /** Without guessing limits. */
    public PppLinkConfig(PppOptions options, Supplier<UserDirectory> users, LoginPolicy policy, AddressAllocator addresses,
                         int localAddress, ClientFingerprint client, Random random,
                         java.util.Optional<io.pptp2wg.ppp.auth.RemoteAuth> remoteAuth) {
        this(options, users, policy, addresses, localAddress, client, random, AuthGuard.NONE, remoteAuth);
    }
}
