package io.pptp2wg.session;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectRuleTest {
    static final long T0 = 1_000_000_000_000L; // a fake nanoTime: any origin, it only subtracts
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    static ClientFingerprint fp(String host, String vendor, int firmware, String ip, int port) {
        return new ClientFingerprint(host, vendor, firmware, new InetSocketAddress(ip, port));
    }

    @Test
    void sameDeviceIsItsFingerprintAndPublicAddressNotThePort() {
        ClientFingerprint a = fp("local", "cananian", 1, "192.0.2.10", 40000);
        assertTrue(SameDevice.test("office", a, fp("local", "cananian", 1, "192.0.2.10", 40001)), "a new TCP connection");
        assertFalse(SameDevice.test("office", a, fp("local", "cananian", 1, "192.0.2.11", 40000)), "another public address");
        assertFalse(SameDevice.test("office", a, fp("LAPTOP", "cananian", 1, "192.0.2.10", 40000)));
        assertFalse(SameDevice.test("office", a, fp("local", "Microsoft", 1, "192.0.2.10", 40000)));
        assertFalse(SameDevice.test("office", a, fp("local", "cananian", 2, "192.0.2.10", 40000)), "unnamed: firmware counts");
        ClientFingerprint named = fp("LAPTOP-7", "Microsoft", 2600, "192.0.2.10", 40000);
        assertTrue(SameDevice.test("office", named, fp("laptop-7", "Microsoft", 2601, "192.0.2.10", 40002)),
                "a named device is its name (Windows reports its build as the firmware revision)");
        assertFalse(SameDevice.test("office", named, fp("LAPTOP-7", "Microsoft", 2600, "192.0.2.12", 40000)),
                "a reconnect comes from the same public address");
    }

    @Test
    void onlyTheSameDeviceIsAskedAndASilentOneIsReplacedWithoutAsking() {
        long now = T0;
        long heard = now - ReconnectRule.REPLACE_AFTER_SILENCE_NANOS;
        assertEquals(ReconnectRule.Verdict.REPLACE, ReconnectRule.decide(true, heard, now), "silent for the threshold");
        assertEquals(ReconnectRule.Verdict.PROBE, ReconnectRule.decide(true, heard + 1, now),
                "heard from just inside it: ask (two sessions of one machine look identical)");
        assertEquals(ReconnectRule.Verdict.CONCURRENT, ReconnectRule.decide(false, heard - 3600 * SECOND, now),
                "another device never takes a session over, however silent");
        assertEquals(ReconnectRule.Verdict.PROBE, ReconnectRule.decide(true, now - SECOND, now));
    }

    @Test
    void aProbeAnsweredMeansBothStayUnansweredByTheDeadlineMeansReplace() {
        ReconnectRule.Probe answered = new ReconnectRule.Probe(T0);
        assertNull(answered.heard(T0 - 1), "heard before the probe left: says nothing about now");
        assertNull(answered.timer(T0 + ReconnectRule.PROBE_TIMEOUT_NANOS - 1));
        assertEquals(ReconnectRule.Verdict.CONCURRENT, answered.heard(T0 + SECOND / 10));
        assertNull(answered.timer(T0 + 10 * SECOND), "decided once: the timer finds it decided");
        assertEquals(ReconnectRule.Verdict.CONCURRENT, answered.verdict());

        ReconnectRule.Probe unanswered = new ReconnectRule.Probe(T0);
        assertNull(unanswered.verdict());
        assertEquals(T0 + ReconnectRule.PROBE_TIMEOUT_NANOS, unanswered.deadline());
        assertEquals(ReconnectRule.Verdict.REPLACE, unanswered.timer(unanswered.deadline()));
        assertNull(unanswered.heard(unanswered.deadline() + 1), "an answer after the deadline comes too late");
        assertEquals(ReconnectRule.Verdict.REPLACE, unanswered.verdict());
        assertTrue(ReconnectRule.PROBE_TIMEOUT_NANOS < 3 * SECOND, "below the client's IPCP restart timer");
    }

    @Test
    void theClockMayWrap() {
        long heard = Long.MAX_VALUE - SECOND;
        long now = heard + ReconnectRule.REPLACE_AFTER_SILENCE_NANOS; // overflows: nanoTime differences still hold
        assertEquals(ReconnectRule.Verdict.REPLACE, ReconnectRule.decide(true, heard, now));
    }
}
