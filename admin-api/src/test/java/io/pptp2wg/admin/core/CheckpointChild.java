package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.testing.FakeGateway;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.LoginPolicy;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The child process of {@link CheckpointsSurviveSigkillTest}: the journal and the checkpoint writer on the embedded H2
 * file, a stand-in gateway whose sessions carry 1000 bytes each per 10 ms, one session hung up and a new one logged in
 * every 300 ms; every 100 ms it prints what each live session has carried ({@code t MS ID:BYTES ...}) and, for a
 * session hung up, {@code ended ID BYTES}. Runs until killed (bounded: 2 minutes).
 */
public final class CheckpointChild {
    static final int SESSIONS = 5;

    public static void main(String[] args) throws Exception {
        var db = io.pptp2wg.admin.EmbeddedDatabaseAccess.h2In(Path.of(args[0]));
        Duration interval = Duration.ofMillis(Long.parseLong(args[1]));
        java.sql.Connection held = java.sql.DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
        Jdbi jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
        EventJournal journal = new EventJournal(new EventDao(jdbi), java.util.UUID.randomUUID().toString(), 4096);
        journal.start();
        int[] next = {0};
        AddressAllocator addresses = new AddressAllocator() {
            @Override
            public OptionalInt allocate(String user) {
                return OptionalInt.of(0xC6336400 + (next[0]++ % 200) + 10);
            }

            @Override
            public void release(String user, int address) {}
        };
        FakeGateway gateway = new FakeGateway(LoginPolicy.allowAll(), addresses, Clock.systemUTC());
        gateway.addListener(journal);
        CheckpointWriter writer = new CheckpointWriter(gateway, journal, new Checkpoints(interval, Checkpoints.tickFor(interval)),
                Clock.systemUTC());
        writer.start();
        var client = FakeGateway.client("PC", "Microsoft", 1, "198.51.100.7");
        List<FakeGateway.FakeSession> live = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            live.add(loggedIn(gateway, journal, "user" + i, client));
        }
        long start = System.nanoTime();
        long lastPrint = 0;
        long lastChurn = 0;
        int users = SESSIONS;
        while (System.nanoTime() - start < Duration.ofMinutes(2).toNanos()) {
            for (FakeGateway.FakeSession s : live) {
                s.traffic(600, 400);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ms - lastChurn >= 300) {
                lastChurn = ms;
                FakeGateway.FakeSession gone = live.removeFirst();
                gateway.hangUp(gone, "churn");
                System.out.println("ended " + gone.info().id() + " " + gone.counters().bytesFromClient());
                live.add(loggedIn(gateway, journal, "user" + (users++ % 20), client));
            }
            if (ms - lastPrint >= 100) {
                lastPrint = ms;
                StringBuilder b = new StringBuilder("t ").append(ms);
                for (FakeGateway.FakeSession s : live) {
                    b.append(' ').append(s.info().id()).append(':').append(s.counters().bytesFromClient());
                }
                System.out.println(b);
            }
            System.out.flush();
            Thread.sleep(10);
        }
        held.close();
    }

    /**
     * A login that is reported live only once its LOGIN is committed, as the gateway does with
     * {@code storage.loginStoredBeforeIpcp}: a session the kill catches before that commit never reached IPCP, so it has
     * no end to record (ci of a37baed: "16: no end").
     */
    private static FakeGateway.FakeSession loggedIn(FakeGateway gateway, EventJournal journal, String user,
                                                    io.pptp2wg.session.ClientFingerprint client) throws InterruptedException {
        FakeGateway.FakeSession s = ((FakeGateway.Login.Up) gateway.login(user, client)).session();
        if (!journal.flush(Duration.ofSeconds(30))) {
            throw new IllegalStateException("LOGIN of " + user + " not committed in 30 s");
        }
        return s;
    }
}
