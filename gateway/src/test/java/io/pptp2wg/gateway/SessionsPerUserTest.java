package io.pptp2wg.gateway;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionsPerUserTest {
    @Test
    void aLimitPerUserAndNoneByDefault() {
        SessionsPerUser two = new SessionsPerUser(2);
        assertTrue(two.tryAdd("alice"));
        assertTrue(two.tryAdd("alice"));
        assertFalse(two.tryAdd("alice"), "a third at once");
        assertTrue(two.tryAdd("bob"), "per user, not in total");
        two.remove("alice");
        assertTrue(two.tryAdd("alice"), "one ended: room again");
        assertEquals(2, two.of("alice"));
        two.remove("alice");
        two.remove("alice");
        two.remove("alice"); // more removals than sessions: stays at zero
        assertEquals(0, two.of("alice"));

        SessionsPerUser unlimited = new SessionsPerUser(GatewayOptions.UNLIMITED);
        for (int i = 0; i < 1000; i++) {
            assertTrue(unlimited.tryAdd("shared-account"));
        }
    }
}
