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
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.config.secrets.SecretsEntry;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.LoginPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The options file's 'auth' with no require-* line (every method, as pppd 2.4.9 allows them), in memory on
 * a fake clock: the server offers MS-CHAPv2 first and follows the client's Conf-Nak (RFC 1661 §5.3) to the
 * method it names when allowed, as pppd's lcp_nakci does; MPPE still needs MS-CHAP; PAP only while
 * pap-secrets has an entry. The outcomes are those pptpd 1.4.0 gave the same clients (AuthNegotiationIT).
 */
class AuthNegotiationTest {
    private static final List<AuthProtocol> AUTH_ALONE = List.of(MSCHAP_V2, MSCHAP_V1, CHAP_MD5, PAP);
    /** 'auth' + require-mppe-128: the parser leaves the MS-CHAP methods. */
    private static final List<AuthProtocol> AUTH_WITH_MPPE = List.of(MSCHAP_V2, MSCHAP_V1);

    private final TestAddresses addresses = new TestAddresses(10);

    private Wire wire(List<AuthProtocol> auth, MppePolicy mppe, UserDirectory users, AuthProtocol... clientAccepts) {
        TestPppClient.Settings s = new TestPppClient.Settings();
        s.accepts = List.of(clientAccepts);
        s.mppe = mppe.required();
        return Wire.of(TestConfig.config(TestConfig.options(auth, mppe), users, LoginPolicy.allowAll(), addresses, 42), s, 7)
                .start();
    }

    private static UserDirectory chapOnly() {
        SecretsEntry e = new SecretsEntry("test", TestConfig.SERVER_NAME, Secret.ofPassword("test".toCharArray()),
                Optional.empty(), true, "chap-secrets", 1);
        return UserDirectory.of(List.of(e), List.of(), TestConfig.SERVER_NAME, x -> { });
    }

    private static String lcpNaks(Wire w) {
        return String.join("\n", w.debug.stream().filter(l -> l.contains("LCP ConfNak") || l.contains("LCP ConfReq")).toList());
    }

    private static PppLinkEvent.Opened opened(Wire w) {
        List<PppLinkEvent.Opened> o = w.out.events(PppLinkEvent.Opened.class);
        assertEquals(1, o.size(), () -> "events " + w.out.events + "\n" + String.join("\n", w.debug));
        return o.getFirst();
    }

    @Test
    void msChapV1ClientWithMppe128IsFollowedFromMsChapV2() {
        Wire w = wire(AUTH_WITH_MPPE, TestConfig.mppe128(StatefulMppe.REFUSE), TestConfig.users("test", "test"), MSCHAP_V1);
        PppLinkEvent.Opened o = opened(w);
        assertEquals(MSCHAP_V1, o.auth());
        assertEquals("128-bit stateless", o.mppe());
        String lcp = lcpNaks(w);
        assertTrue(lcp.matches("(?s).*sent \\[LCP ConfReq [^\\]]*<auth chap MS-v2>.*rcvd \\[LCP ConfNak id=0x[0-9a-f]+ <auth chap MS>\\].*sent \\[LCP ConfReq [^\\]]*<auth chap MS>.*"), lcp);
    }

    @Test
    void chapMd5ClientWithoutMppeGetsChapMd5() {
        Wire w = wire(AUTH_ALONE, MppePolicy.refused(), TestConfig.users("test", "test"), CHAP_MD5);
        PppLinkEvent.Opened o = opened(w);
        assertEquals(CHAP_MD5, o.auth());
        assertEquals("none", o.mppe());
        assertEquals(List.of(new PppLinkEvent.Authenticated("test", CHAP_MD5)), w.out.events(PppLinkEvent.Authenticated.class));
    }

    @Test
    void papClientGetsPapWhenPapSecretsHasAnEntry() {
        Wire w = wire(AUTH_ALONE, MppePolicy.refused(), TestConfig.users("test", "test"), PAP);
        assertEquals(PAP, opened(w).auth());
        String lcp = lcpNaks(w);
        assertTrue(lcp.matches("(?s).*sent \\[LCP ConfReq [^\\]]*<auth chap MS-v2>.*rcvd \\[LCP ConfNak id=0x[0-9a-f]+ <auth pap>\\].*sent \\[LCP ConfReq [^\\]]*<auth pap>.*"), lcp);
    }

    @Test
    void papIsNotOfferedWithoutPapSecretsSoAPapOnlyClientIsRefused() {
        Wire w = wire(AUTH_ALONE, MppePolicy.refused(), chapOnly(), PAP);
        w.advance(60);
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty(), w.out.events::toString);
        assertTrue(w.out.events(PppLinkEvent.Authenticated.class).isEmpty());
        String lcp = lcpNaks(w);
        // the Nak chain: MS-CHAPv2, MS-CHAPv1, CHAP-MD5 offered, each Nak'd toward PAP, then the link ends
        assertTrue(lcp.contains("<auth chap MS-v2>") && lcp.contains("<auth chap MS>") && lcp.contains("<auth chap MD5>"), lcp);
        assertTrue(w.out.events.stream().anyMatch(e -> e instanceof PppLinkEvent.Closed c
                && c.reason().contains("refused to authenticate")), w.out.events::toString);
    }

    @Test
    void mppeStillNeedsMsChapChapMd5AndPapClientsAreRefused() {
        for (AuthProtocol only : List.of(CHAP_MD5, PAP)) {
            Wire w = wire(AUTH_WITH_MPPE, TestConfig.mppe128(StatefulMppe.REFUSE), TestConfig.users("test", "test"), only);
            w.advance(60);
            assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty(), only + " " + w.out.events);
            assertTrue(w.out.events(PppLinkEvent.Authenticated.class).isEmpty(), only + ": no password crossed the wire");
            assertTrue(w.out.events.stream().anyMatch(e -> e instanceof PppLinkEvent.Closed c
                    && c.reason().contains("refused to authenticate")), only + " " + w.out.events);
        }
    }

    @Test
    void aClientAcceptingEverythingGetsMsChapV2First() {
        // pppd would offer EAP first and follow this client's Nak (pppd's own client names CHAP-MD5 first):
        // the gateway, without EAP, offers MS-CHAPv2, which such a client acknowledges
        Wire w = wire(AUTH_ALONE, MppePolicy.refused(), TestConfig.users("test", "test"), MSCHAP_V2, MSCHAP_V1, CHAP_MD5, PAP);
        assertEquals(MSCHAP_V2, opened(w).auth());
    }

    @Test
    void wrongPasswordWithChapMd5IsAnAuthFailureCarryingTheMethod() {
        Wire w = wire(AUTH_ALONE, MppePolicy.refused(), TestConfig.users("test", "other"), CHAP_MD5);
        w.advance(60);
        List<PppLinkEvent.AuthFailed> f = w.out.events(PppLinkEvent.AuthFailed.class);
        assertTrue(!f.isEmpty() && f.getFirst().method() == CHAP_MD5, w.out.events::toString);
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty());
    }
}
