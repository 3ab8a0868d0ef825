package io.pptp2wg.ppp.testing;

import io.pptp2wg.ppp.PppLink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Connects a server {@link PppLink} and a {@link TestPppClient} in memory on a fake clock. Frames
 * can be dropped in either direction by predicates (to simulate loss).
 */
public final class Wire {
    public final PppLink server;
    public final TestPppClient client;
    public final RecordingOutput out = new RecordingOutput();
    public final List<String> debug;
    public long now = 1_000_000_000L;
    public Predicate<byte[]> dropToClient = f -> false;
    public Predicate<byte[]> dropToServer = f -> false;
    public int framesToClient;
    public int framesToServer;

    public Wire(PppLink server, TestPppClient client, List<String> debug) {
        this.server = server;
        this.client = client;
        this.debug = debug;
    }

    public static Wire of(io.pptp2wg.ppp.PppLinkConfig config, TestPppClient.Settings settings, long seed) {
        List<String> debug = new ArrayList<>();
        return new Wire(io.pptp2wg.ppp.PppLinks.server(config, debug::add), new TestPppClient(settings, seed), debug);
    }

    /** Starts both ends and moves frames until nothing moves. */
    public Wire start() {
        server.start(now, out);
        client.start();
        pump();
        return this;
    }

    /** Delivers queued frames both ways until both queues are empty (bounded). */
    public void pump() {
        for (int round = 0; round < 10_000; round++) {
            boolean moved = false;
            while (!out.frames.isEmpty()) {
                byte[] f = out.frames.poll();
                moved = true;
                framesToClient++;
                if (!dropToClient.test(f)) {
                    client.receive(f);
                }
            }
            if (!client.toServer.isEmpty()) {
                List<byte[]> batch = new ArrayList<>(client.toServer);
                client.toServer.clear();
                for (byte[] f : batch) {
                    moved = true;
                    framesToServer++;
                    if (!dropToServer.test(f)) {
                        server.receiveFrame(ByteBuffer.wrap(f), now, out);
                    }
                }
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the two ends never went quiet");
    }

    /** Advances the fake clock to each server deadline in turn (up to {@code seconds}), pumping after each. */
    public void advance(double seconds) {
        long end = now + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        for (int i = 0; i < 100_000; i++) {
            long d = server.nextDeadlineNanos();
            if (d == Long.MAX_VALUE || d > end) {
                break;
            }
            now = Math.max(now, d);
            server.poll(now, out);
            pump();
        }
        now = end;
        server.poll(now, out);
        pump();
    }
}
