package io.pptp2wg.ppp.testing;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.ppp.PppClientConfig;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkConfig;
import io.pptp2wg.ppp.ClientPppLinks;
import io.pptp2wg.ppp.PppLinks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The real client link ({@link PppLinks#client}) against the real server link in memory, on a fake
 * clock; frames may be dropped or altered on the way in either direction.
 */
public final class LinkPair {
    public final PppLink server;
    public final PppLink client;
    public final RecordingOutput serverOut = new RecordingOutput();
    public final RecordingOutput clientOut = new RecordingOutput();
    public final List<String> serverDebug = new ArrayList<>();
    public final List<String> clientDebug = new ArrayList<>();
    public long now = 1_000_000_000L;
    public Predicate<byte[]> dropToClient = f -> false;
    public Predicate<byte[]> dropToServer = f -> false;
    public UnaryOperator<byte[]> alterToClient = f -> f;

    public LinkPair(PppLinkConfig serverConfig, PppClientConfig clientConfig) {
        this.server = PppLinks.server(serverConfig, serverDebug::add);
        this.client = ClientPppLinks.client(clientConfig, clientDebug::add);
    }

    /** A client of user {@code user} with this password, accepting {@code auth}, requiring {@code mppe}. */
    public static PppClientConfig client(String user, String password, List<AuthProtocol> auth, MppePolicy mppe, long seed) {
        return client(user, Secret.ofPassword(password.toCharArray()), auth, mppe, seed);
    }

    public static PppClientConfig client(String user, Secret secret, List<AuthProtocol> auth, MppePolicy mppe, long seed) {
        PppOptions o = PppClientConfig.options(auth, mppe, 0, 0, true);
        return new PppClientConfig(o, user, secret, new Random(seed));
    }

    /** Starts both ends and moves frames until nothing moves. */
    public LinkPair start() {
        server.start(now, serverOut);
        client.start(now, clientOut);
        pump();
        return this;
    }

    /** Delivers queued frames both ways until both queues are empty (bounded). */
    public void pump() {
        for (int round = 0; round < 10_000; round++) {
            boolean moved = false;
            while (!serverOut.frames.isEmpty()) {
                byte[] f = alterToClient.apply(serverOut.frames.poll());
                moved = true;
                if (!dropToClient.test(f)) {
                    client.receiveFrame(ByteBuffer.wrap(f), now, clientOut);
                }
            }
            while (!clientOut.frames.isEmpty()) {
                byte[] f = clientOut.frames.poll();
                moved = true;
                if (!dropToServer.test(f)) {
                    server.receiveFrame(ByteBuffer.wrap(f), now, serverOut);
                }
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the two ends never went quiet");
    }

    /** Advances the fake clock to each deadline of either end in turn (up to {@code seconds}), pumping after each. */
    public void advance(double seconds) {
        long end = now + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        for (int i = 0; i < 100_000; i++) {
            long d = Math.min(server.nextDeadlineNanos(), client.nextDeadlineNanos());
            if (d == Long.MAX_VALUE || d > end) {
                break;
            }
            now = Math.max(now, d);
            server.poll(now, serverOut);
            client.poll(now, clientOut);
            pump();
        }
        now = end;
        server.poll(now, serverOut);
        client.poll(now, clientOut);
        pump();
    }

    public String debug() {
        return "--- server\n" + String.join("\n", serverDebug) + "\n--- client\n" + String.join("\n", clientDebug);
    }
}
