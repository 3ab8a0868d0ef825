package io.pptp2wg.pptp.control;

import io.pptp2wg.pptp.control.CallControl.Admission;
import io.pptp2wg.pptp.control.CallControl.Call;
import io.pptp2wg.pptp.control.ControlMessage.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.pptp2wg.pptp.control.ControlProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

/** The control connection core on a fake clock, driven as pptp-linux drives pptpd. */
class ControlConnectionTest {
    static final long S = TimeUnit.SECONDS.toNanos(1);

    final ControlStats stats = new ControlStats();
    final List<ControlMessage> sent = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    final List<Call> opened = new ArrayList<>();
    final List<String> cleared = new ArrayList<>();
    final List<StartControlConnectionRequest> started = new ArrayList<>();
    int nextCallId = 100;
    Admission nextAdmission;
    long now = 1_000 * S;
    ControlConnection cc;

    final ControlOutput out = new ControlOutput() {
        @Override
        public void send(ControlMessage message) {
            sent.add(message);
        }

        @Override
        public void close(String reason) {
            closed.add(reason);
        }

        @Override
        public void note(ControlNote note) {
            notes.add(note);
        }
    };
    final List<ControlNote> notes = new ArrayList<>();

    final CallControl calls = new CallControl() {
        @Override
        public void started(StartControlConnectionRequest request) {
            started.add(request);
        }

        @Override
        public Admission admit(OutgoingCallRequest request) {
            return nextAdmission != null ? nextAdmission : new Admission.Admitted(nextCallId++);
        }

        @Override
        public void opened(Call call) {
            opened.add(call);
        }

        @Override
        public void cleared(Call call, String reason) {
            cleared.add(call.localCallId() + ":" + reason);
        }
    };

    @BeforeEach
    void setUp() {
        cc = new ControlConnection(ControlConfig.defaults(100, 10), calls, stats, "192.0.2.20:1000", now);
    }

    void in(ControlMessage m) {
        cc.receive(ControlCodec.encode(m), now, out);
    }

    <T extends ControlMessage> T last(Class<T> type) {
        return type.cast(sent.getLast());
    }

    static StartControlConnectionRequest sccrq() {
        return new StartControlConnectionRequest(0x0100, 1, 1, 0, 1, "local", "cananian");
    }

    static OutgoingCallRequest ocrq(int peerCallId) {
        return new OutgoingCallRequest(peerCallId, peerCallId, 2400, 10_000_000, 3, 3, 3, 0, "", "");
    }

    @Test
    void startsAndCapturesTheClient() {
        in(sccrq());
        var reply = last(StartControlConnectionReply.class);
        assertEquals(SCCRP_SUCCESS, reply.resultCode());
        assertEquals(PROTOCOL_VERSION, reply.protocolVersion());
        assertEquals(100, reply.maximumChannels());
        assertEquals(ControlConnection.State.ESTABLISHED, cc.state());
        assertEquals("cananian", started.getFirst().vendorName());
        assertEquals("local", cc.startRequest().orElseThrow().hostName());
    }

    @Test
    void refusesOtherVersions() {
        in(new StartControlConnectionRequest(0x0200, 1, 1, 0, 1, "x", "y"));
        assertEquals(SCCRP_BAD_VERSION, last(StartControlConnectionReply.class).resultCode());
        assertEquals(1, closed.size());
        assertEquals(1, stats.get(ControlCounter.BAD_VERSION));
    }

    @Test
    void secondStartIsRefusedButKeepsTheConnection() {
        in(sccrq());
        in(sccrq());
        assertEquals(SCCRP_CHANNEL_EXISTS, last(StartControlConnectionReply.class).resultCode());
        assertTrue(closed.isEmpty());
    }

    @Test
    void closesWithoutStartWithinStimeout() {
        assertEquals(now + 10 * S, cc.nextDeadlineNanos());
        now += 10 * S - 1;
        cc.poll(now, out);
        assertTrue(closed.isEmpty());
        now += 1;
        cc.poll(now, out);
        assertEquals(1, closed.size());
        assertEquals(1, stats.get(ControlCounter.START_TIMEOUTS));
        assertEquals(Long.MAX_VALUE, cc.nextDeadlineNanos());
    }

    @Test
    void callBeforeStartIsRefused() {
        in(ocrq(1));
        var r = last(OutgoingCallReply.class);
        assertEquals(OCRP_GENERAL_ERROR, r.resultCode());
        assertEquals(ERROR_NOT_CONNECTED, r.errorCode());
        assertTrue(opened.isEmpty());
    }

    @Test
    void opensSeveralCallsWithDistinctIds() {
        in(sccrq());
        in(ocrq(1));
        in(ocrq(2));
        in(ocrq(3));
        assertEquals(3, opened.size());
        assertEquals(List.of(100, 101, 102), opened.stream().map(Call::localCallId).toList());
        var r = last(OutgoingCallReply.class);
        assertEquals(OCRP_CONNECTED, r.resultCode());
        assertEquals(102, r.callId());
        assertEquals(3, r.peerCallId());
        assertEquals(ControlConfig.DEFAULT_RECV_WINDOW, r.packetRecvWindowSize());
        assertEquals(3, opened.getFirst().peerRecvWindow());
    }

    @Test
    void duplicatePeerCallIdIsRefused() {
        in(sccrq());
        in(ocrq(1));
        in(ocrq(1));
        assertEquals(OCRP_GENERAL_ERROR, last(OutgoingCallReply.class).resultCode());
        assertEquals(1, opened.size());
    }

    @Test
    void limitRefusalIsCounted() {
        in(sccrq());
        nextAdmission = new Admission.Refused(OCRP_GENERAL_ERROR, ERROR_NO_RESOURCE, "connections limit (1) reached");
        in(ocrq(1));
        var r = last(OutgoingCallReply.class);
        assertEquals(ERROR_NO_RESOURCE, r.errorCode());
        assertEquals(1, stats.get(ControlCounter.CALLS_REFUSED_LIMIT));
        assertTrue(opened.isEmpty());
    }

    @Test
    void callClearRequestIsAnsweredAndTheLastCallStopsTheConnection() {
        in(sccrq());
        in(ocrq(1));
        in(ocrq(2));
        in(new CallClearRequest(1));
        var cdn = (CallDisconnectNotify) sent.getLast();
        assertEquals(100, cdn.callId());
        assertEquals(CDN_REQUEST, cdn.resultCode());
        assertEquals(List.of("100:Call-Clear-Request from the client"), cleared);
        assertEquals(ControlConnection.State.ESTABLISHED, cc.state()); // one call remains
        in(new CallClearRequest(2));
        // the client cleared its last call: it will close TCP itself (pptp-linux does); we wait
        assertInstanceOf(CallDisconnectNotify.class, sent.getLast());
        assertEquals(now + ControlConfig.DEFAULT_STOP_TIMEOUT_NANOS, cc.nextDeadlineNanos());
        now += ControlConfig.DEFAULT_STOP_TIMEOUT_NANOS;
        cc.poll(now, out);
        // ... and stop it only when it stays without calls
        assertInstanceOf(StopControlConnectionRequest.class, sent.getLast());
        assertEquals(ControlConnection.State.STOPPING, cc.state());
        in(new StopControlConnectionReply(1, 0));
        assertEquals(List.of("stopped"), closed);
    }

    @Test
    void aNewCallAfterTheLastWasClearedKeepsTheConnection() {
        in(sccrq());
        in(ocrq(1));
        in(new CallClearRequest(1));
        in(ocrq(2));
        now += ControlConfig.DEFAULT_STOP_TIMEOUT_NANOS;
        cc.poll(now, out);
        assertInstanceOf(OutgoingCallReply.class, sent.getLast());
        assertEquals(ControlConnection.State.ESTABLISHED, cc.state());
    }

    @Test
    void unknownCallClearIsCounted() {
        in(sccrq());
        in(new CallClearRequest(77));
        assertEquals(1, stats.get(ControlCounter.UNKNOWN_CALL_ID));
    }

    @Test
    void weClearACallWithCallDisconnectNotify() {
        in(sccrq());
        in(ocrq(1));
        cc.clearCall(100, CDN_ADMIN_SHUTDOWN, "LCP terminated", now, out);
        var cdn = (CallDisconnectNotify) sent.get(sent.size() - 2);
        assertEquals(CDN_ADMIN_SHUTDOWN, cdn.resultCode());
        assertEquals("LCP terminated", cdn.callStatistics());
        assertInstanceOf(StopControlConnectionRequest.class, sent.getLast());
        // no reply: closed after the stop timeout
        now += ControlConfig.DEFAULT_STOP_TIMEOUT_NANOS;
        cc.poll(now, out);
        assertEquals(List.of("no Stop-Control-Connection-Reply"), closed);
        assertEquals(1, stats.get(ControlCounter.STOP_TIMEOUTS));
    }

    @Test
    void peerStopClearsEveryCall() {
        in(sccrq());
        in(ocrq(1));
        in(ocrq(2));
        in(new StopControlConnectionRequest(1));
        assertEquals(RESULT_OK, last(StopControlConnectionReply.class).resultCode());
        assertEquals(2, cleared.size());
        assertEquals(1, closed.size());
    }

    @Test
    void echoesBothWaysWithPptpdsIdleRule() {
        in(sccrq());
        in(new EchoRequest(42));
        var er = last(EchoReply.class);
        assertEquals(42, er.identifier());
        assertEquals(RESULT_OK, er.resultCode());

        assertEquals(now + 60 * S, cc.nextDeadlineNanos());
        now += 30 * S;
        cc.peerActivity(now); // GRE traffic postpones the Echo-Request
        now += 59 * S;
        cc.poll(now, out);
        assertInstanceOf(EchoReply.class, sent.getLast());
        now += S;
        cc.poll(now, out);
        var req = last(EchoRequest.class);
        in(new EchoReply(req.identifier(), 1, 0));
        assertEquals(1, stats.get(ControlCounter.ECHO_REQUESTS_ANSWERED));
        // silence again: Echo-Request, then no reply in 60 s: closed, calls cleared
        in(ocrq(1));
        now += 60 * S;
        cc.poll(now, out);
        assertInstanceOf(EchoRequest.class, sent.getLast());
        now += 60 * S;
        cc.poll(now, out);
        assertEquals(List.of("no Echo-Reply from the client"), closed);
        assertEquals(List.of("100:no Echo-Reply from the client"), cleared);
        assertEquals(1, stats.get(ControlCounter.ECHO_TIMEOUTS));
    }

    @Test
    void incomingCallsAreRefused() {
        in(sccrq());
        in(new IncomingCallRequest(9, 1, 1, 0, "1", "2", ""));
        var r = last(IncomingCallReply.class);
        assertEquals(9, r.peerCallId());
        assertEquals(ICRP_DO_NOT_ACCEPT, r.resultCode());
        assertEquals(1, stats.get(ControlCounter.INCOMING_CALLS_REFUSED));
        in(new IncomingCallConnected(9, 1, 1, 1, 1));
        assertEquals(1, stats.get(ControlCounter.UNEXPECTED));
        // the core logs nothing: the edge is handed what to log, the refusal worth INFO, the ignored one DEBUG
        assertEquals(List.of(new ControlNote.IncomingCallRefused(9),
                new ControlNote.UnexpectedIgnored(MessageType.INCOMING_CALL_CONNECTED)), notes);
        assertTrue(notes.get(0).notable());
        assertEquals("Incoming-Call-Request refused (call ID 9)", notes.get(0).detail());
    }

    @Test
    void setLinkInfoAndWanErrorNotifyAreNoted() {
        in(sccrq());
        in(ocrq(1));
        in(new SetLinkInfo(100, -1, -1));
        in(new SetLinkInfo(555, -1, -1));
        in(new WanErrorNotify(100, 1, 0, 0, 0, 0, 0));
        assertEquals(2, stats.get(ControlCounter.SET_LINK_INFO_RECEIVED));
        assertEquals(1, stats.get(ControlCounter.UNKNOWN_CALL_ID));
        assertEquals(1, stats.get(ControlCounter.WAN_ERROR_NOTIFY_RECEIVED));
        assertTrue(closed.isEmpty());
    }

    @Test
    void badCookieClosesUnknownTypeDoesNot() {
        in(sccrq());
        ByteBuffer unknown = ControlCodec.encode(new EchoRequest(1));
        unknown.putShort(8, (short) 99);
        cc.receive(unknown, now, out);
        assertTrue(closed.isEmpty());
        in(ocrq(1));
        ByteBuffer bad = ControlCodec.encode(new EchoRequest(1));
        bad.putInt(4, 0);
        cc.receive(bad, now, out);
        assertEquals(1, closed.size());
        assertEquals(1, cleared.size());
        assertEquals(1, stats.get(Malformed.BAD_MAGIC_COOKIE));
        assertEquals(1, stats.get(Malformed.UNKNOWN_TYPE));
    }

    @Test
    void lostTcpClearsCallsOnce() {
        in(sccrq());
        in(ocrq(1));
        cc.lowerDown("connection reset");
        cc.lowerDown("again");
        assertEquals(List.of("100:connection reset"), cleared);
        assertEquals(1, stats.get(ControlCounter.CONNECTIONS_LOST));
    }

    @Test
    void administrativeStop() {
        in(sccrq());
        in(ocrq(1));
        in(ocrq(2));
        cc.stop(STOP_REASON_LOCAL_SHUTDOWN, "shutdown", now, out);
        assertEquals(3, sent.stream().filter(m -> m instanceof CallDisconnectNotify || m instanceof StopControlConnectionRequest).count());
        assertEquals(2, cleared.size());
        in(new StopControlConnectionReply(1, 0));
        assertEquals(List.of("stopped"), closed);
    }
}
