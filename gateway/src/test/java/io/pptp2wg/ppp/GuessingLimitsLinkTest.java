package io.pptp2wg.ppp;

import static io.pptp2wg.config.ppp.AuthProtocol.CHAP_MD5;
import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V1;
import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V2;
import static io.pptp2wg.config.ppp.AuthProtocol.PAP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.AuthGuard;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.guard.GuessingLimits;
import io.pptp2wg.session.guard.LoginLimiter;
import io.pptp2wg.session.guard.LoginVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guessing limits as a client meets them, in memory on a fake clock: after the limit the right password is
 * refused without being checked (MS-CHAP: E=646 R=0 and a message to wait; CHAP-MD5 and PAP: the message), then
 * accepted once the back-off has passed.
 */
class GuessingLimitsLinkTest {
    private final TestAddresses addresses = new TestAddresses(10);
    private final LoginLimiter limiter = new LoginLimiter(new GuessingLimits(true, 2, 10, Duration.ofMinutes(10),
            Duration.ofSeconds(60), Duration.ofMinutes(10), 100));
    private Instant now = Instant.parse("2026-12-07T00:00:00Z");

    private final AuthGuard guard = new AuthGuard() {
        @Override
        public Optional<String> beforePassword(String user) {
            return limiter.check(user, "192.0.2.20", now) instanceof LoginVerdict.LockedOut l
                    ? Optional.of(l.lockout().messageToClient(now)) : Optional.empty();
        }

        @Override
        public void passwordFailed(String user) {
            limiter.recordFailure(user, "192.0.2.20", now);
        }

        @Override
        public void passwordAccepted(String user) {
            limiter.recordSuccess(user, "192.0.2.20", now);
        }
    };

    private Wire link(AuthProtocol method, String password) {
        TestPppClient.Settings s = new TestPppClient.Settings();
        s.accepts = List.of(method);
        s.password = password;
        MppePolicy mppe = method == MSCHAP_V2 || method == MSCHAP_V1
                ? TestConfig.mppe128(StatefulMppe.REFUSE) : new MppePolicy(false, java.util.EnumSet.noneOf(
                        io.pptp2wg.config.ppp.MppeKeyLength.class), StatefulMppe.REFUSE);
        PppLinkConfig base = TestConfig.config(TestConfig.options(List.of(method), mppe), TestConfig.users("test", "test"),
                LoginPolicy.allowAll(), addresses, 42);
        PppLinkConfig config = new PppLinkConfig(base.options(), base.users(), base.policy(), base.addresses(),
                base.localAddress(), base.client(), base.random(), guard);
        return Wire.of(config, s, 7).start();
    }

    @Test
    void msChapV2IsToldToWaitWithE646ThenGetsInAfterTheBackoff() {
        link(MSCHAP_V2, "wrong");
        Wire second = link(MSCHAP_V2, "wrong");                     // the second failure locks the address
        assertEquals(1, limiter.stats().sourceLockouts());
        Wire locked = link(MSCHAP_V2, "test");
        assertTrue(locked.client.authFailure.matches(
                "E=646 R=0 C=[0-9A-F]{32} V=3 M=Too many failed logins from this address: wait 60 s and try again"),
                locked.client.authFailure);
        assertTrue(locked.out.events(PppLinkEvent.AuthFailed.class).isEmpty(), "no password was checked");
        assertTrue(locked.out.events(PppLinkEvent.Authenticated.class).isEmpty());
        assertEquals(1, second.out.events(PppLinkEvent.AuthFailed.class).size());
        now = now.plusSeconds(60);
        Wire after = link(MSCHAP_V2, "test");
        assertEquals(1, after.out.events(PppLinkEvent.Opened.class).size(), String.join("\n", after.debug));
    }

    @Test
    void chapMd5AndPapAreRefusedWithTheMessage() {
        link(CHAP_MD5, "wrong");
        link(PAP, "wrong");
        for (AuthProtocol m : List.of(CHAP_MD5, PAP, MSCHAP_V1)) {
            Wire locked = link(m, "test");
            assertTrue(locked.client.authFailure.contains("Too many failed logins from this address: wait 60 s"),
                    m + ": " + locked.client.authFailure);
            assertTrue(locked.out.events(PppLinkEvent.Opened.class).isEmpty());
        }
        assertEquals(3, limiter.stats().sourceRefusals());
    }
}
