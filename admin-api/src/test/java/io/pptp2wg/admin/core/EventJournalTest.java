package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.StoredEvent;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.admin.testing.TestDatabase;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.session.SessionCounters;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventJournalTest {
    static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
    final EventDao dao = new EventDao(TestDatabase.h2());

    static SessionInfo session(long id, String user, String host) {
        return new SessionInfo(id, user, 7, 9, FakeGateway.client(host, "Vendor", 3, "198.51.100.4"), 0xc0000264,
                AuthProtocol.MSCHAP_V2, "128-bit stateless", T, io.pptp2wg.session.AddressAllocator.Holding.OWN);
    }

    @Test
    void aFullQueueDropsCountsAndNeverBlocksTheCaller() {
        EventJournal journal = new EventJournal(dao, "boot", 64); // not started: nothing drains
        for (int i = 0; i < 100; i++) {
            journal.onEvent(new SessionEvent.Up(session(i, "u", "h"), T));
        }
        assertThat(journal.queued()).isEqualTo(64);
        assertThat(journal.dropped()).isEqualTo(36);
    }

    @Test
    void everyKindIsStoredWithWhatItCarries() throws Exception {
        EventJournal journal = new EventJournal(dao, "boot", 64);
        journal.start();
        try {
            var client = FakeGateway.client("BAD\nHOST\u0007", "V", 1, "198.51.100.4");
            journal.onEvent(new SessionEvent.Up(session(1, "alice", "PC"), T));
            journal.onEvent(new SessionEvent.Down(session(1, "alice", "PC"), new SessionCounters(10, 20, 1, 2),
                    "LCP terminated by peer", T.plus(Duration.ofSeconds(90))));
            journal.onEvent(new SessionEvent.AuthFailure("alice", client, AuthProtocol.MSCHAP_V2, "wrong password", T));
            journal.onEvent(new SessionEvent.Refused(Optional.empty(), client, "connections limit", T));
            assertThat(journal.flush(Duration.ofSeconds(20))).isTrue();
        } finally {
            journal.stop();
        }
        var history = dao.history("alice", 10);
        assertThat(history).extracting(StoredEvent::kind)
                .containsExactlyInAnyOrder(EventKind.LOGIN, EventKind.LOGOUT, EventKind.AUTH_FAILURE);
        StoredEvent logout = history.stream().filter(e -> e.kind() == EventKind.LOGOUT).findFirst().orElseThrow();
        assertThat(logout.durationMs()).isEqualTo(90_000);
        assertThat(logout.bytesFromClient()).isEqualTo(10);
        assertThat(logout.bytesToClient()).isEqualTo(20);
        assertThat(logout.tunnelAddress()).isEqualTo("192.0.2.100");
        assertThat(logout.client().hostName()).isEqualTo("PC");
        StoredEvent failure = history.stream().filter(e -> e.kind() == EventKind.AUTH_FAILURE).findFirst().orElseThrow();
        assertThat(failure.client().hostName()).isEqualTo("BAD?HOST?");
        assertThat(dao.count()).isEqualTo(4);
    }

    @Test
    void sessionsOfAKilledRunAreRecordedAsLostAtTheNextStart() throws Exception {
        EventJournal first = new EventJournal(dao, "run-1", 64);
        first.start();
        first.onEvent(new SessionEvent.Up(session(1, "alice", "PC"), T));
        first.onEvent(new SessionEvent.Up(session(2, "bob", "PC"), T));
        first.onEvent(new SessionEvent.Down(session(2, "bob", "PC"), SessionCounters.ZERO, "bye", T.plusSeconds(5)));
        first.flush(Duration.ofSeconds(20));
        first.stop(); // as if killed: alice never logged out

        EventJournal second = new EventJournal(dao, "run-2", 64);
        second.start();
        second.stop();
        var lost = dao.history("alice", 10).getFirst();
        assertThat(lost.kind()).isEqualTo(EventKind.LOST);
        assertThat(lost.bootId()).isEqualTo("run-1");
        assertThat(lost.at()).isEqualTo(T.plusSeconds(5)); // the last thing run-1 wrote
        assertThat(dao.history("bob", 10)).extracting(StoredEvent::kind).doesNotContain(EventKind.LOST);

        EventJournal third = new EventJournal(dao, "run-3", 64);
        third.start();
        third.stop();
        assertThat(dao.history("alice", 10)).filteredOn(e -> e.kind() == EventKind.LOST).hasSize(1);
    }

    @Test
    void aKilledSessionIsClosedWithTheBytesOfItsLastCheckpoint() throws Exception {
        EventJournal first = new EventJournal(dao, "run-1", 64);
        first.start();
        first.onEvent(new SessionEvent.Up(session(1, "alice", "PC"), T));
        first.onEvent(new SessionEvent.Up(session(2, "bob", "PC"), T));
        first.checkpoint(List.of(new Checkpoints.Checkpoint(1, T.plusSeconds(60), new SessionCounters(100, 200, 1, 2)),
                new Checkpoints.Checkpoint(2, T.plusSeconds(60), new SessionCounters(5, 6, 1, 1))));
        first.checkpoint(List.of(new Checkpoints.Checkpoint(1, T.plusSeconds(120), new SessionCounters(1000, 2000, 10, 20))));
        first.onEvent(new SessionEvent.Down(session(2, "bob", "PC"), new SessionCounters(7, 8, 1, 1), "bye", T.plusSeconds(90)));
        assertThat(first.flush(Duration.ofSeconds(20))).isTrue();
        first.stop(); // as if killed: alice never logged out

        EventJournal second = new EventJournal(dao, "run-2", 64);
        second.start();
        second.stop();
        StoredEvent lost = dao.history("alice", 10).getFirst();
        assertThat(lost.kind()).isEqualTo(EventKind.LOST);
        assertThat(lost.bytesFromClient()).isEqualTo(1000);
        assertThat(lost.bytesToClient()).isEqualTo(2000);
        assertThat(lost.packetsToClient()).isEqualTo(20);
        assertThat(lost.at()).isEqualTo(T.plusSeconds(120)); // its checkpoint, later than run-1's last event
        assertThat(lost.durationMs()).isEqualTo(120_000);
        assertThat(dao.stats(Optional.of("alice")).get("alice").bytesFromClient()).as("the report counts it").isEqualTo(1000);
        assertThat(dao.stats(Optional.of("bob")).get("bob").bytesFromClient()).as("the logout's, not the checkpoint's")
                .isEqualTo(7);
        assertThat(dao.checkpoints().ofEarlierRuns("run-3")).as("closed sessions keep no checkpoint").isEmpty();
    }

    @Test
    void aDurableEventCompletesWhenCommittedAndConcurrentOnesShareACommit() throws Exception {
        EventJournal journal = new EventJournal(dao, "boot", 4096);
        List<java.util.concurrent.CompletableFuture<Void>> logins = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) { // queued before the writer runs: one batch
            logins.add(journal.onEventDurable(new SessionEvent.Up(session(i, "u" + i, "h"), T)));
        }
        assertThat(logins).noneMatch(java.util.concurrent.CompletableFuture::isDone);
        journal.start();
        try {
            java.util.concurrent.CompletableFuture.allOf(logins.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(dao.count()).isEqualTo(200);
            assertThat(journal.commits()).as("one commit for the 200 logins").isEqualTo(1);
        } finally {
            journal.stop();
        }
        var afterStop = journal.onEventDurable(new SessionEvent.Up(session(999, "late", "h"), T));
        assertThat(afterStop).isCompletedExceptionally();
    }

    @Test
    void aLoginRecordedBeforeIpcpIsOneLoginRowThatItsUpCompletes() throws Exception {
        EventJournal journal = new EventJournal(dao, "boot", 64);
        journal.start();
        try {
            SessionInfo atLogin = new SessionInfo(1, "alice", 7, 9, FakeGateway.client("PC", "Vendor", 3, "198.51.100.4"),
                    0xc0000264, AuthProtocol.MSCHAP_V2, "", T, io.pptp2wg.session.AddressAllocator.Holding.OWN);
            journal.loggedIn(atLogin).get(20, java.util.concurrent.TimeUnit.SECONDS); // committed: the client may go on
            assertThat(dao.history("alice", 10)).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.LOGIN);
                assertThat(e.mppe()).isNull();
            });
            journal.onEvent(new SessionEvent.Up(session(1, "alice", "PC"), T.plusSeconds(1)));
            journal.onEvent(new SessionEvent.Down(session(1, "alice", "PC"), new SessionCounters(5, 6, 1, 1), "bye",
                    T.plusSeconds(9)));
            SessionInfo neverUp = new SessionInfo(2, "bob", 8, 10, FakeGateway.client("PC2", "Vendor", 3, "198.51.100.5"),
                    0xc0000265, AuthProtocol.MSCHAP_V2, "", T, io.pptp2wg.session.AddressAllocator.Holding.OWN);
            journal.loggedIn(neverUp).get(20, java.util.concurrent.TimeUnit.SECONDS);
            journal.endedBeforeUp(neverUp, "MPPE required but not agreed", T.plusSeconds(2));
            assertThat(journal.flush(Duration.ofSeconds(20))).isTrue();
        } finally {
            journal.stop();
        }
        assertThat(dao.history("alice", 10)).extracting(StoredEvent::kind)
                .containsExactlyInAnyOrder(EventKind.LOGIN, EventKind.LOGOUT);
        assertThat(dao.history("alice", 10)).filteredOn(e -> e.kind() == EventKind.LOGIN).singleElement()
                .satisfies(e -> assertThat(e.mppe()).isEqualTo("128-bit stateless"));
        assertThat(dao.history("bob", 10)).extracting(StoredEvent::kind)
                .containsExactlyInAnyOrder(EventKind.LOGIN, EventKind.LOGOUT);
    }
}
