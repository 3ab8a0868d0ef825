package io.pptp2wg.pptp.client;

import io.pptp2wg.pptp.control.CallControl;
import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlConfig;
import io.pptp2wg.pptp.control.ControlConnection;
import io.pptp2wg.pptp.control.ControlCounter;
import io.pptp2wg.pptp.control.ControlMessage;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionReply;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlOutput;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.control.ControlStats;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client (PNS) control core against the gateway's server (PAC) core, in memory, through the codec
 * both ways, on a fake clock; and hostile frames into the client core.
 */
class ClientControlConnectionTest {
    static final long S = TimeUnit.SECONDS.toNanos(1);

    long now = 1_000 * S;
    final ControlStats clientStats = new ControlStats();
    final ControlStats serverStats = new ControlStats();
    final Deque<ByteBuffer> toServer = new ArrayDeque<>();
    final Deque<ByteBuffer> toClient = new ArrayDeque<>();
    final List<String> clientClosed = new ArrayList<>();
    final List<String> serverClosed = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<CallControl.Call> serverCalls = new ArrayList<>();
    final List<String> serverCleared = new ArrayList<>();
    CallControl.Admission nextAdmission;
    int nextServerCallId = 500;

    final ClientControlListener listener = new ClientControlListener() {
        @Override
        public void started(StartControlConnectionReply reply) {
            events.add("started " + reply.hostName());
        }

        @Override
        public void callConnected(ClientCall call) {
            events.add("connected " + call.callId() + "/" + call.serverCallId() + " window " + call.serverRecvWindow());
        }

        @Override
        public void callFailed(ClientCall call, String reason) {
            events.add("failed " + call.callId() + ": " + reason);
        }

        @Override
        public void callCleared(ClientCall call, String reason) {
            events.add("cleared " + call.callId() + ": " + reason);
        }

        @Override
        public void closed(String reason) {
            events.add("closed: " + reason);
        }
    };

    final ClientControlConnection client = new ClientControlConnection(ClientControlConfig.defaults("loadgen"), listener,
            clientStats);
    final ControlConnection server = new ControlConnection(ControlConfig.defaults(100, 10), new CallControl() {
        @Override
        public void started(StartControlConnectionRequest request) {}

        @Override
        public Admission admit(OutgoingCallRequest request) {
            return nextAdmission != null ? nextAdmission : new Admission.Admitted(nextServerCallId++);
        }

        @Override
        public void opened(Call call) {
            serverCalls.add(call);
        }

        @Override
        public void cleared(Call call, String reason) {
            serverCleared.add(call.localCallId() + ": " + reason);
        }
    }, serverStats, "client", now);

    final ControlOutput clientOut = output(toServer, clientClosed);
    final ControlOutput serverOut = output(toClient, serverClosed);

    static ControlOutput output(Deque<ByteBuffer> queue, List<String> closed) {
        return new ControlOutput() {
            @Override
            public void send(ControlMessage message) {
                queue.add(ControlCodec.encode(message));
            }

            @Override
            public void close(String reason) {
                closed.add(reason);
            }
        };
    }

    void pump() {
        for (int i = 0; i < 1000 && !(toServer.isEmpty() && toClient.isEmpty()); i++) {
            while (!toServer.isEmpty()) {
                server.receive(toServer.poll(), now, serverOut);
            }
            while (!toClient.isEmpty()) {
                client.receive(toClient.poll(), now, clientOut);
            }
        }
    }

    void advance(long nanos) {
        long end = now + nanos;
        for (int i = 0; i < 1000; i++) {
            long d = Math.min(client.nextDeadlineNanos(), server.nextDeadlineNanos());
            if (d > end) {
                break;
            }
            now = Math.max(now, d);
            client.poll(now, clientOut);
            server.poll(now, serverOut);
            pump();
        }
        now = end;
    }

    @Test
    void startsThenPlacesSeveralCallsOnOneConnection() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut); // queued until the start reply
        pump();
        assertEquals(ClientControlConnection.State.ESTABLISHED, client.state());
        client.placeCall(12, 2, now, clientOut);
        client.placeCall(13, 3, now, clientOut);
        pump();
        assertEquals(List.of("started pptp2wg", "connected 11/500 window 64", "connected 12/501 window 64",
                "connected 13/502 window 64"), events);
        assertEquals(List.of(11, 12, 13), serverCalls.stream().map(CallControl.Call::peerCallId).toList());
        assertEquals(64, serverCalls.getFirst().peerRecvWindow());
        assertEquals(3, clientStats.get(ControlCounter.CALLS_OPENED));
    }

    @Test
    void clearingCallsThenStoppingTheConnection() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        client.placeCall(12, 2, now, clientOut);
        pump();
        client.clearCall(11, now, clientOut);
        pump();
        assertTrue(events.contains("cleared 11: cleared"), events.toString());
        assertEquals(List.of("500: Call-Clear-Request from the client"), serverCleared);
        client.clearCall(12, now, clientOut);
        pump();
        assertTrue(events.contains("cleared 12: cleared"), events.toString());
        assertEquals(ClientControlConnection.State.ESTABLISHED, client.state(), "the server waits for us to leave");
        client.stop(now, clientOut);
        pump();
        assertEquals("closed: stopped", events.getLast());
        assertEquals(ClientControlConnection.State.CLOSED, client.state());
        assertEquals(List.of("stopped"), clientClosed);
        assertEquals(1, serverStats.get(ControlCounter.STOPS_BY_PEER));
    }

    @Test
    void aClientThatLingersWithoutCallsIsStoppedByTheServer() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        pump();
        client.clearCall(11, now, clientOut);
        pump();
        advance(10 * S);
        assertEquals("closed: stopped by the server", events.getLast());
        assertEquals(1, serverStats.get(ControlCounter.STOPS_BY_US));
    }

    @Test
    void aRefusedCallIsReportedWithTheServersCodes() {
        nextAdmission = new CallControl.Admission.Refused(ControlProtocol.OCRP_GENERAL_ERROR,
                ControlProtocol.ERROR_NO_RESOURCE, "limit");
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        pump();
        assertEquals("failed 11: Outgoing-Call-Reply result 2 error 4", events.getLast());
        assertTrue(client.calls().isEmpty());
        assertEquals(1, clientStats.get(ControlCounter.CALLS_REFUSED_OTHER));
    }

    @Test
    void theServerClearingACallIsReported() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        client.placeCall(12, 2, now, clientOut);
        pump();
        server.clearCall(500, ControlProtocol.CDN_ADMIN_SHUTDOWN, "admin", now, serverOut);
        pump();
        assertEquals("cleared 11: Call-Disconnect-Notify result 3 (admin)", events.getLast());
        assertEquals(1, client.calls().size());
    }

    @Test
    void echoesBothWaysKeepAnIdleConnection() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        pump();
        advance(300 * S);
        assertEquals(ClientControlConnection.State.ESTABLISHED, client.state());
        assertTrue(clientStats.get(ControlCounter.ECHO_REQUESTS_SENT) + serverStats.get(ControlCounter.ECHO_REQUESTS_SENT) >= 4);
        assertEquals(0, clientStats.get(ControlCounter.ECHO_TIMEOUTS));
    }

    @Test
    void aSilentServerIsGivenUp() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        toServer.clear();
        now += 11 * S;
        client.poll(now, clientOut);
        assertEquals(List.of("failed 11: no Start-Control-Connection-Reply", "closed: no Start-Control-Connection-Reply"), events);
        assertEquals(1, clientStats.get(ControlCounter.START_TIMEOUTS));
    }

    @Test
    void stoppingClearsEveryCallThenWaitsForTheReply() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        client.placeCall(12, 2, now, clientOut);
        pump();
        client.stop(now, clientOut);
        pump();
        assertEquals(ClientControlConnection.State.CLOSED, client.state());
        assertTrue(events.contains("cleared 11: control connection stopped"), events.toString());
        assertTrue(events.contains("cleared 12: control connection stopped"), events.toString());
        assertEquals("closed: stopped", events.getLast());
        assertEquals(2, serverCleared.size());
    }

    @Test
    void aLostConnectionEndsEveryCallOnce() {
        client.start(now, clientOut);
        client.placeCall(11, 1, now, clientOut);
        pump();
        client.placeCall(12, 2, now, clientOut); // still dialing
        client.lowerDown("TCP reset");
        assertEquals(List.of("started pptp2wg", "connected 11/500 window 64", "cleared 11: TCP reset",
                "failed 12: TCP reset", "closed: TCP reset"), events);
        client.lowerDown("again");
        assertEquals(5, events.size());
    }

    @Test
    void aMalformedFrameClosesAndAnUnknownTypeIsIgnored() {
        client.start(now, clientOut);
        pump();
        ByteBuffer unknown = ControlCodec.encode(new ControlMessage.EchoRequest(1));
        unknown.putShort(8, (short) 99);
        client.receive(unknown, now, clientOut);
        assertEquals(ClientControlConnection.State.ESTABLISHED, client.state());
        ByteBuffer badCookie = ControlCodec.encode(new ControlMessage.EchoRequest(1));
        badCookie.putInt(4, 0x12345678);
        client.receive(badCookie, now, clientOut);
        assertEquals(ClientControlConnection.State.CLOSED, client.state());
        assertEquals(2, clientStats.get(ControlCounter.MALFORMED));
    }

    /** 100,000 hostile frames (random, and valid messages of every type with random fields): nothing escapes. */
    @Test
    void hostileFramesNeverEscapeTheCore() {
        SplittableRandom rnd = new SplittableRandom(1723);
        ControlOutput sink = output(new ArrayDeque<>() {
            @Override
            public boolean add(ByteBuffer b) {
                return true; // everything we send encodes; nobody listens
            }
        }, new ArrayList<>());
        ClientControlConnection c = started(sink);
        int connections = 1;
        for (int i = 0; i < 100_000; i++) {
            if (c.state() == ClientControlConnection.State.CLOSED) {
                c = started(sink);
                connections++;
            }
            byte[] body;
            ByteBuffer frame;
            if (rnd.nextInt(3) == 0) {
                body = new byte[rnd.nextInt(200)];
                rnd.nextBytes(body);
                frame = ByteBuffer.wrap(body);
            } else {
                io.pptp2wg.pptp.control.MessageType type = io.pptp2wg.pptp.control.MessageType.values()[
                        rnd.nextInt(io.pptp2wg.pptp.control.MessageType.values().length)];
                body = new byte[type.length() - ControlProtocol.HEADER_LENGTH];
                rnd.nextBytes(body);
                frame = ByteBuffer.allocate(type.length()).putShort((short) type.length()).putShort((short) 1)
                        .putInt(ControlProtocol.MAGIC_COOKIE).putShort((short) type.code()).putShort((short) 0).put(body).flip();
            }
            now += rnd.nextLong(3 * S);
            c.receive(frame, now, sink);
            c.poll(now, sink);
            if (rnd.nextInt(50) == 0 && c.state() == ClientControlConnection.State.ESTABLISHED) {
                c.placeCall(1 + rnd.nextInt(65535), i, now, sink);
            }
            assertTrue(c.calls().size() <= 64);
        }
        assertTrue(connections < 50_000, "most frames reached a live connection: " + connections);
    }

    private ClientControlConnection started(ControlOutput sink) {
        ClientControlConnection c = new ClientControlConnection(ClientControlConfig.defaults("fuzz"), listener, clientStats);
        c.start(now, sink);
        c.receive(ControlCodec.encode(new StartControlConnectionReply(0x100, 1, 0, 1, 1, 1, 1, "h", "v")), now, sink);
        events.clear();
        return c;
    }
}
