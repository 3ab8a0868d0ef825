package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.StatefulMppe;
import io.pptp2wg.ppp.testing.TestAddresses;
import io.pptp2wg.ppp.testing.TestConfig;
import io.pptp2wg.ppp.testing.TestPppClient;
import io.pptp2wg.ppp.testing.Wire;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.LoginPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pptp2wg.config.ppp.AuthProtocol.MSCHAP_V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network phase held after the login (the allocator answered Pending: the gateway is asking an older session of
 * the same device whether it is alive), then resumed: CCP and IPCP go on at once, with what the client sent
 * meanwhile, and without waiting for the client's restart timer.
 */
class HeldNetworkPhaseTest {
    /** Pending until {@link #decided}, then the test pool's next address. */
    static final class Held implements AddressAllocator {
        final TestAddresses pool = new TestAddresses(4);
        boolean decided;
        int asked;

        @Override
        public java.util.OptionalInt allocate(String user) {
            return pool.allocate(user);
        }

        @Override
        public Result assign(String user, Claim claim) {
            asked++;
            return decided ? pool.assign(user, claim) : new Result.Pending();
        }

        @Override
        public void release(String user, int address) {
            pool.release(user, address);
        }
    }

    @Test
    void heldThenResumedOpensWithoutTheClientsRetransmission() {
        Held addresses = new Held();
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), addresses, 42), new TestPppClient.Settings(), 7).start();
        assertEquals(1, addresses.asked);
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty(), "held: no network phase yet");
        assertFalse(w.server.isNetworkOpen());
        w.advance(1); // the hold lasts (less than the client's 3 s restart timer)
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty());

        addresses.decided = true;
        w.server.resumeNetwork(w.now, w.out);
        w.pump();
        assertEquals(2, addresses.asked);
        assertEquals(1, w.out.events(PppLinkEvent.Opened.class).size(), "open at once: " + w.debug);
        assertTrue(w.server.isNetworkOpen());
        assertEquals(TestAddresses.FIRST, w.out.events(PppLinkEvent.Opened.class).getFirst().peerAddress());
    }

    @Test
    void aLinkThatEndsWhileHeldGivesNothingBack() {
        Held addresses = new Held();
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), addresses, 42), new TestPppClient.Settings(), 7).start();
        w.server.close("the client hung up", w.now, w.out);
        w.pump();
        addresses.decided = true;
        w.server.resumeNetwork(w.now, w.out); // the verdict comes too late: nothing happens
        w.pump();
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty());
        assertEquals(0, addresses.pool.inUse());
    }

    @Test
    void aVerdictWhileTheLinkTerminatesStartsNoNetworkPhase() {
        Held addresses = new Held();
        Wire w = Wire.of(TestConfig.config(TestConfig.options(List.of(MSCHAP_V2), TestConfig.mppe128(StatefulMppe.REFUSE)),
                TestConfig.users("test", "test"), LoginPolicy.allowAll(), addresses, 42), new TestPppClient.Settings(), 7).start();
        w.server.close("the client hung up", w.now, w.out); // Terminate-Request sent, the Ack not yet in
        addresses.decided = true;
        w.server.resumeNetwork(w.now, w.out);
        assertEquals(1, addresses.asked, "the hold ended with the close: no address asked for");
        assertFalse(w.server.isNetworkOpen());
        w.pump();
        assertTrue(w.out.events(PppLinkEvent.Opened.class).isEmpty());
        assertEquals(0, addresses.pool.inUse());
    }
}
