package io.pptp2wg.admin.selfservice;

import io.pptp2wg.session.SessionInfo;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The source address of the connection, and only it, names the user; the rest only refuses. */
class CallerIdentificationTest {
    static final String PAGE = "198.51.100.1";

    @Test
    void theSourceAddressNamesTheLiveSessionAndNothingElse() {
        StaticSessions sessions = new StaticSessions();
        SessionInfo alice = sessions.up(1, "alice", "198.51.100.10");
        SessionInfo bob = sessions.up(2, "bob", "198.51.100.11");
        CallerIdentification who = new CallerIdentification(sessions, (int) io.pptp2wg.config.Ipv4.parse(PAGE).orElseThrow(), 80, Set.of());

        assertThat(who.identify("198.51.100.10", PAGE, PAGE)).isEqualTo(new Caller.Session(alice));
        assertThat(who.identify("198.51.100.11", PAGE, PAGE + ":80")).isEqualTo(new Caller.Session(bob));
        assertThat(who.identify("198.51.100.10", PAGE, null)).as("HTTP/1.0, no Host").isEqualTo(new Caller.Session(alice));

        assertThat(who.identify("198.51.100.12", PAGE, PAGE)).as("no session there").isInstanceOf(Caller.Nobody.class);
        assertThat(who.identify("192.0.2.7", PAGE, PAGE)).as("the LAN, the host").isInstanceOf(Caller.Nobody.class);
        assertThat(who.identify(PAGE, PAGE, PAGE)).as("the host itself over lo").isInstanceOf(Caller.Nobody.class);
        assertThat(who.identify("198.51.100.10", "192.0.2.1", PAGE)).as("another of the host's addresses")
                .isInstanceOf(Caller.Nobody.class);
        assertThat(who.identify("198.51.100.10", PAGE, "evil.example")).as("DNS rebinding").isInstanceOf(Caller.Nobody.class);
        assertThat(who.identify("198.51.100.10", PAGE, PAGE + ":8080")).isInstanceOf(Caller.Nobody.class);
        for (String junk : new String[] {"", "::1", "0:0:0:0:0:0:0:1", "198.51.100", "198.51.100.10.1", "x"}) {
            assertThat(who.identify(junk, PAGE, PAGE)).as(junk).isInstanceOf(Caller.Nobody.class);
        }
        assertThat(who.identify(null, null, null)).isInstanceOf(Caller.Nobody.class);

        sessions.down(alice);
        assertThat(who.identify("198.51.100.10", PAGE, PAGE)).as("the session ended").isInstanceOf(Caller.Nobody.class);
        assertThat(who.stillLive(1, alice.tunnelAddress())).isFalse();
        assertThat(who.stillLive(2, bob.tunnelAddress())).isTrue();
        assertThat(who.stillLive(2, alice.tunnelAddress())).isFalse();
    }

    @Test
    void theAdministratorCanOfferThePageToSomeUsersOnly() {
        StaticSessions sessions = new StaticSessions();
        SessionInfo alice = sessions.up(1, "alice", "198.51.100.10");
        SessionInfo bob = sessions.up(2, "bob", "198.51.100.11");
        CallerIdentification who = new CallerIdentification(sessions, (int) io.pptp2wg.config.Ipv4.parse(PAGE).orElseThrow(), 80,
                Set.of("alice"));
        assertThat(who.identify("198.51.100.10", PAGE, PAGE)).isEqualTo(new Caller.Session(alice));
        assertThat(who.identify("198.51.100.11", PAGE, PAGE)).isEqualTo(new Caller.NotOffered(bob));
    }
}
