package io.pptp2wg.ppp.testing;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.FsmLimits;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.ppp.PppLinkConfig;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.LoginPolicy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Builders for the configuration a test link needs (pppd's defaults unless a test changes them). */
public final class TestConfig {
    private TestConfig() {}

    public static final String SERVER_NAME = "pptpd";
    /** 198.51.100.1: the gateway's tunnel address in the tests (TEST-NET-2). */
    public static final int LOCAL = 0xC6336401;
    public static final int DNS1 = 0xC0000235;
    public static final int DNS2 = 0xC0000236;

    public static MppePolicy mppe128(StatefulMppe stateful) {
        return new MppePolicy(true, EnumSet.of(MppeKeyLength.BITS_128), stateful);
    }

    public static MppePolicy mppe(StatefulMppe stateful, MppeKeyLength... lengths) {
        return new MppePolicy(true, EnumSet.copyOf(List.of(lengths)), stateful);
    }

    public static PppOptions options(List<AuthProtocol> auth, MppePolicy mppe) {
        return options(auth, mppe, 0, 0, 0, 0, true);
    }

    public static PppOptions options(List<AuthProtocol> auth, MppePolicy mppe, int echoInterval, int echoFailure,
                                     int idle, int maxConnect, boolean debug) {
        return new PppOptions(Path.of("options.test"), SERVER_NAME, auth, mppe, List.of(DNS1, DNS2), List.of(),
                1500, 1500, true, true, echoInterval, echoFailure, idle, maxConnect, Optional.empty(), Optional.empty(),
                false, FsmLimits.RFC1661_DEFAULTS, FsmLimits.RFC1661_DEFAULTS, 3, 10, debug);
    }

    public static UserDirectory users(Object... userSecretPairs) {
        List<SecretsEntry> chap = new ArrayList<>();
        for (int i = 0; i < userSecretPairs.length; i += 2) {
            Secret secret = userSecretPairs[i + 1] instanceof byte[] hash
                    ? Secret.ofNtHash(hash) : Secret.ofPassword(((String) userSecretPairs[i + 1]).toCharArray());
            chap.add(new SecretsEntry((String) userSecretPairs[i], SERVER_NAME, secret, Optional.empty(), true, "chap-secrets", i));
        }
        return UserDirectory.of(chap, chap, SERVER_NAME, e -> { });
    }

    public static PppLinkConfig config(PppOptions options, UserDirectory users, LoginPolicy policy,
                                       io.pptp2wg.session.AddressAllocator addresses,
                                       long seed) {
        return new PppLinkConfig(options, () -> users, policy, addresses, LOCAL,
                new ClientFingerprint("client", "test", 1, new InetSocketAddress("192.0.2.20", 1723)), new Random(seed));
    }
}
