package io.pptp2wg.radius;

import io.pptp2wg.session.SessionCounters;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import static io.pptp2wg.radius.AcctTesting.SECOND;
import static io.pptp2wg.radius.AcctTesting.SECRET;
import static io.pptp2wg.radius.AcctTesting.conf;
import static io.pptp2wg.radius.AcctTesting.response;
import static io.pptp2wg.radius.AcctTesting.session;
import static org.junit.jupiter.api.Assertions.*;

/** The accounting core on a fake clock: what each record carries, interims, retransmission, failover, giving up. */
class RadiusAcctClientTest {
    private final List<AcctTesting.Sent> out = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final AtomicReference<SessionCounters> usage = new AtomicReference<>(SessionCounters.ZERO);

    private RadiusAcctClient client(int servers, int timeout, int retries) {
        return new RadiusAcctClient(conf(servers, timeout, retries), "gw1", OptionalInt.of(0xC0000201), List.of(),
                new SecureRandom(), (s, d) -> out.add(new AcctTesting.Sent(s, d)), notes::add);
    }

    @Test
    void startInterimStopCarryWhatTheServerNeeds() {
        RadiusAcctClient c = client(1, 3, 3);
        long t0 = 1_000 * SECOND;
        c.accountingOn(t0);
        AcctTesting.Sent on = out.removeFirst();
        assertEquals(AcctStatus.ACCOUNTING_ON.value, on.integer(RadiusWire.ACCT_STATUS_TYPE));
        assertEquals(RadiusWire.ACCOUNTING_REQUEST, on.decoded().getCode()); // the server's codec checks the authenticator
        c.receive(0, response(on.datagram(), SECRET), t0);
        assertTrue(c.idle(), c.drops() + " " + notes + " " + java.util.HexFormat.of().formatHex(on.datagram()));

        c.start(session("S-1", t0, 60 * SECOND, usage), t0);
        AcctTesting.Sent start = out.removeFirst();
        assertEquals(AcctStatus.START.value, start.integer(RadiusWire.ACCT_STATUS_TYPE));
        assertEquals("S-1", start.text(RadiusWire.ACCT_SESSION_ID));
        assertEquals("alice", start.text(RadiusWire.USER_NAME));
        assertEquals("class-1", start.text(RadiusWire.CLASS));
        assertEquals("198.51.100.7", start.text(RadiusWire.CALLING_STATION_ID));
        assertEquals("gw1", start.text(RadiusWire.NAS_IDENTIFIER));
        assertEquals(0xC0000201L, start.integer(RadiusWire.NAS_IP_ADDRESS));
        assertEquals(RadiusWire.NAS_PORT_TYPE_VIRTUAL, start.integer(RadiusWire.NAS_PORT_TYPE));
        assertEquals(0xC0000264L, start.integer(RadiusWire.FRAMED_IP_ADDRESS));
        assertNull(start.attribute(RadiusWire.ACCT_INPUT_OCTETS));
        c.receive(0, response(start.datagram(), SECRET), t0);
        assertTrue(c.idle(), c.drops() + " " + notes);

        c.poll(t0 + 59 * SECOND);
        assertTrue(out.isEmpty());
        long big = (5L << 32) + 123; // 5 x 4 GiB + 123 octets: gigawords
        usage.set(new SessionCounters(big, 2000, 4_000_000, 20));
        assertEquals(t0 + 60 * SECOND, c.deadline());
        c.poll(t0 + 60 * SECOND);
        AcctTesting.Sent interim = out.removeFirst();
        assertEquals(AcctStatus.INTERIM_UPDATE.value, interim.integer(RadiusWire.ACCT_STATUS_TYPE));
        assertEquals(60L, interim.integer(RadiusWire.ACCT_SESSION_TIME));
        assertEquals(5L, interim.integer(RadiusWire.ACCT_INPUT_GIGAWORDS));
        assertEquals(123L, interim.integer(RadiusWire.ACCT_INPUT_OCTETS));
        assertEquals(2000L, interim.integer(RadiusWire.ACCT_OUTPUT_OCTETS));
        assertEquals(0L, interim.integer(RadiusWire.ACCT_OUTPUT_GIGAWORDS));
        assertEquals(4_000_000, interim.integer(RadiusWire.ACCT_INPUT_PACKETS));
        assertEquals(20L, interim.integer(RadiusWire.ACCT_OUTPUT_PACKETS));
        c.receive(0, response(interim.datagram(), SECRET), t0 + 60 * SECOND);

        c.stop("S-1", TerminateCause.ADMIN_RESET, t0 + 90 * SECOND);
        AcctTesting.Sent stop = out.removeFirst();
        assertEquals(AcctStatus.STOP.value, stop.integer(RadiusWire.ACCT_STATUS_TYPE));
        assertEquals(TerminateCause.ADMIN_RESET.value, stop.integer(RadiusWire.ACCT_TERMINATE_CAUSE));
        assertEquals(90L, stop.integer(RadiusWire.ACCT_SESSION_TIME));
        assertEquals("S-1", stop.text(RadiusWire.ACCT_SESSION_ID));
        c.receive(0, response(stop.datagram(), SECRET), t0 + 90 * SECOND);
        c.stop("S-1", TerminateCause.ADMIN_RESET, t0 + 91 * SECOND); // a second end sends nothing
        assertTrue(out.isEmpty());
        assertEquals(Long.MAX_VALUE, c.deadline());
        assertEquals(1L, c.answered().get(AcctStatus.STOP));
        assertTrue(c.givenUp().values().stream().allMatch(v -> v == 0));
    }

    @Test
    void unansweredRecordsAreRetriedThenFailOverThenGivenUpAndCounted() {
        RadiusAcctClient c = client(2, 3, 2);
        c.start(session("S-2", 0, 0, usage), 0);
        assertEquals(1, out.size());
        assertEquals(0, out.getFirst().server());
        byte[] first = out.getFirst().datagram();
        c.poll(3 * SECOND - 1);
        assertEquals(1, out.size());
        c.poll(3 * SECOND);
        assertEquals(2, out.size());
        assertArrayEquals(first, out.get(1).datagram(), "a retransmission is the same packet (RFC 5080 §2.2.1)");
        c.poll(6 * SECOND);
        assertEquals(3, out.size());
        AcctTesting.Sent second = out.get(2);
        assertEquals(1, second.server());
        assertEquals(6L, second.integer(RadiusWire.ACCT_DELAY_TIME));
        c.receive(0, response(first, SECRET), 6 * SECOND); // a late answer from the first server answers nothing now
        assertTrue(c.drops().containsKey(RadiusDrop.UNKNOWN_IDENTIFIER));
        c.poll(9 * SECOND);
        c.poll(12 * SECOND);
        assertEquals(4, out.size());
        assertTrue(c.idle());
        assertEquals(1L, c.givenUp().get(AcctStatus.START));
        assertTrue(String.join("\n", notes).contains("given up"));
        assertFalse(String.join("\n", notes).contains(SECRET));
    }

    @Test
    void aForgedOrWronglyKeyedAnswerIsDroppedAndTheRecordStaysPending() {
        RadiusAcctClient c = client(1, 3, 3);
        c.start(session("S-3", 0, 0, usage), 0);
        byte[] req = out.getFirst().datagram();
        c.receive(0, response(req, "another-secret"), 0);
        byte[] access = response(req, SECRET);
        access[0] = (byte) RadiusWire.ACCESS_ACCEPT;
        c.receive(0, access, 0);
        c.receive(5, response(req, SECRET), 0);
        assertFalse(c.idle());
        assertTrue(c.drops().keySet().containsAll(java.util.Set.of(RadiusDrop.BAD_AUTHENTICATOR, RadiusDrop.UNEXPECTED_CODE, RadiusDrop.UNKNOWN_SERVER)), c.drops().toString());
        c.receive(0, response(req, SECRET), 0);
        assertTrue(c.idle());
    }

    @Test
    void moreRecordsThanIdentifiersWaitTheirTurn() {
        RadiusAcctClient c = client(1, 3, 3);
        for (int i = 0; i < 300; i++) {
            c.start(session("S-" + i, 0, 0, usage), 0);
        }
        assertEquals(256, out.size());
        for (AcctTesting.Sent s : List.copyOf(out)) {
            c.receive(0, response(s.datagram(), SECRET), 1);
        }
        assertEquals(300, out.size());
        assertEquals("S-256", out.get(256).text(RadiusWire.ACCT_SESSION_ID));
    }

    @Test
    void sessionIdsAreUniqueAndNotPppdsFormat() {
        AcctSessionIds ids = new AcctSessionIds(1_765_000_000L, new SecureRandom());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(ids.next()));
        }
        assertTrue(seen.iterator().next().matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{8}"));
    }
}
