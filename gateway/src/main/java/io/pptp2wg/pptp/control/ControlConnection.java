package io.pptp2wg.pptp.control;

import io.pptp2wg.pptp.control.CallControl.Admission;
import io.pptp2wg.pptp.control.CallControl.Call;
import io.pptp2wg.pptp.control.ControlMessage.CallClearRequest;
import io.pptp2wg.pptp.control.ControlMessage.CallDisconnectNotify;
import io.pptp2wg.pptp.control.ControlMessage.EchoReply;
import io.pptp2wg.pptp.control.ControlMessage.EchoRequest;
import io.pptp2wg.pptp.control.ControlMessage.IncomingCallConnected;
import io.pptp2wg.pptp.control.ControlMessage.IncomingCallReply;
import io.pptp2wg.pptp.control.ControlMessage.IncomingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallReply;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.SetLinkInfo;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionReply;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlMessage.StopControlConnectionReply;
import io.pptp2wg.pptp.control.ControlMessage.StopControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlMessage.WanErrorNotify;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pptp2wg.pptp.control.ControlProtocol.BEARER_ANALOG;
import static io.pptp2wg.pptp.control.ControlProtocol.BEARER_DIGITAL;
import static io.pptp2wg.pptp.control.ControlProtocol.CDN_REQUEST;
import static io.pptp2wg.pptp.control.ControlProtocol.ERROR_BAD_VALUE;
import static io.pptp2wg.pptp.control.ControlProtocol.ERROR_NONE;
import static io.pptp2wg.pptp.control.ControlProtocol.ERROR_NOT_CONNECTED;
import static io.pptp2wg.pptp.control.ControlProtocol.FRAMING_ASYNC;
import static io.pptp2wg.pptp.control.ControlProtocol.FRAMING_SYNC;
import static io.pptp2wg.pptp.control.ControlProtocol.ICRP_DO_NOT_ACCEPT;
import static io.pptp2wg.pptp.control.ControlProtocol.OCRP_CONNECTED;
import static io.pptp2wg.pptp.control.ControlProtocol.OCRP_GENERAL_ERROR;
import static io.pptp2wg.pptp.control.ControlProtocol.PROTOCOL_VERSION;
import static io.pptp2wg.pptp.control.ControlProtocol.RESULT_OK;
import static io.pptp2wg.pptp.control.ControlProtocol.SCCRP_BAD_VERSION;
import static io.pptp2wg.pptp.control.ControlProtocol.SCCRP_CHANNEL_EXISTS;
import static io.pptp2wg.pptp.control.ControlProtocol.SCCRP_SUCCESS;
import static io.pptp2wg.pptp.control.ControlProtocol.STOP_REASON_NONE;

/**
 * One PPTP control connection, server (PAC) side, RFC 2637 §2 and §3.1: frames and time in, messages
 * and call events out. No I/O, no clock, no threads: the caller passes {@code nowNanos} and drives
 * {@link #poll} at {@link #nextDeadlineNanos}. Several calls may share the connection (§1.3), each
 * with its own Call ID. Not thread-safe: one caller thread.
 */
public final class ControlConnection {

    /** §3.1.1 (PAC side), simplified to what a server needs. */
    public enum State {
        /** TCP is up; waiting for Start-Control-Connection-Request (at most {@code stimeout}). */
        WAIT_START,
        /** Started: calls may be opened. */
        ESTABLISHED,
        /** We sent Stop-Control-Connection-Request; waiting for the reply. */
        STOPPING,
        /** Done: the TCP connection is being or has been closed. */
        CLOSED
    }

    private final ControlConfig config;
    private final CallControl calls;
    private final ControlStats stats;
    private final String peerName;
    private final Map<Integer, Call> open = new LinkedHashMap<>();

    private State state = State.WAIT_START;
    private long startDeadline;
    private final ControlKeepalive keepalive;
    private long stopDeadline;
    /** When a connection the client left without calls is stopped by us, if the client neither closes nor calls. */
    private long lingerDeadline = Long.MAX_VALUE;
    private StartControlConnectionRequest start;

    /**
     * @param peerName how the edge's log names the peer (its address), with each {@link ControlNote}
     */
    public ControlConnection(ControlConfig config, CallControl calls, ControlStats stats, String peerName,
                             long nowNanos) {
        this.config = config;
        this.calls = calls;
        this.stats = stats;
        this.peerName = peerName;
        this.startDeadline = nowNanos + config.startTimeoutNanos();
        this.keepalive = new ControlKeepalive(config.idleNanos(), config.echoTimeoutNanos(), nowNanos);
        stats.increment(ControlCounter.CONNECTIONS_OPENED);
    }

    public State state() {
        return state;
    }

    /** What the client said about itself in Start-Control-Connection-Request, once started. */
    public Optional<StartControlConnectionRequest> startRequest() {
        return Optional.ofNullable(start);
    }

    public Collection<Call> calls() {
        return List.copyOf(open.values());
    }

    public Optional<Call> call(int localCallId) {
        return Optional.ofNullable(open.get(localCallId));
    }

    /** One framed message from the peer (exactly its Length octets). */
    public void receive(ByteBuffer frame, long now, ControlOutput out) {
        if (state == State.CLOSED) {
            return;
        }
        switch (ControlCodec.decode(frame)) {
            case ControlCodec.Decoded.Refused r -> malformed(r, out);
            case ControlCodec.Decoded.Ok ok -> {
                stats.increment(ControlCounter.MESSAGES_RECEIVED);
                keepalive.messageHeard(now);
                handle(ok.message(), now, out);
            }
        }
    }

    private void malformed(ControlCodec.Decoded.Refused r, ControlOutput out) {
        stats.malformed(r.reason());
        if (r.reason() == Malformed.UNKNOWN_TYPE) {
            out.note(new ControlNote.UnknownTypeIgnored(r.detail()));
            return;
        }
        // framing or cookie wrong: the TCP stream cannot be trusted any more (§2: the Magic Cookie's purpose)
        out.note(new ControlNote.MalformedClosing(r.reason(), r.detail()));
        closeNow("malformed control message: " + r.reason(), out);
    }

    /** How the edge's log names the peer. */
    public String peerName() {
        return peerName;
    }

    /** GRE traffic from the peer: the link lives, so no Echo-Request is needed yet. */
    public void peerActivity(long now) {
        keepalive.activity(now);
    }

    private void handle(ControlMessage message, long now, ControlOutput out) {
        switch (message) {
            case StartControlConnectionRequest m -> onStart(m, out);
            case OutgoingCallRequest m -> onOutgoingCall(m, out);
            case CallClearRequest m -> onCallClear(m, now, out);
            case EchoRequest m -> send(out, new EchoReply(m.identifier(), RESULT_OK, ERROR_NONE));
            case EchoReply m -> stats.increment(ControlCounter.ECHO_REQUESTS_ANSWERED);
            case SetLinkInfo m -> onSetLinkInfo(m);
            case StopControlConnectionRequest m -> onStopRequest(m, out);
            case StopControlConnectionReply m -> onStopReply(out);
            case IncomingCallRequest m -> {
                // We are the PAC: calls come to us as Outgoing-Call-Requests; a client never offers one (§2.9).
                stats.increment(ControlCounter.INCOMING_CALLS_REFUSED);
                out.note(new ControlNote.IncomingCallRefused(m.callId()));
                send(out, new IncomingCallReply(0, m.callId(), ICRP_DO_NOT_ACCEPT, ERROR_NONE, 0, 0));
            }
            case WanErrorNotify m -> {
                stats.increment(ControlCounter.WAN_ERROR_NOTIFY_RECEIVED);
                out.note(new ControlNote.WanErrorNotified(m));
            }
            case StartControlConnectionReply m -> unexpected(m, out);
            case OutgoingCallReply m -> unexpected(m, out);
            case IncomingCallReply m -> unexpected(m, out);
            case IncomingCallConnected m -> unexpected(m, out);
            case CallDisconnectNotify m -> unexpected(m, out);
        }
    }

    private void unexpected(ControlMessage m, ControlOutput out) {
        stats.increment(ControlCounter.UNEXPECTED);
        out.note(new ControlNote.UnexpectedIgnored(m.type()));
    }

    private void onStart(StartControlConnectionRequest m, ControlOutput out) {
        if (state != State.WAIT_START) {
            stats.increment(ControlCounter.DUPLICATE_START);
            send(out, reply(SCCRP_CHANNEL_EXISTS));
            return;
        }
        if (m.protocolVersion() != PROTOCOL_VERSION) {
            stats.increment(ControlCounter.BAD_VERSION);
            out.note(new ControlNote.VersionNotSupported(m.protocolVersion()));
            send(out, reply(SCCRP_BAD_VERSION));
            closeNow("protocol version not supported", out);
            return;
        }
        start = m;
        state = State.ESTABLISHED;
        stats.increment(ControlCounter.CONNECTIONS_STARTED);
        send(out, reply(SCCRP_SUCCESS));
        calls.started(m);
    }

    private StartControlConnectionReply reply(int result) {
        return new StartControlConnectionReply(PROTOCOL_VERSION, result, ERROR_NONE, FRAMING_ASYNC | FRAMING_SYNC,
                BEARER_ANALOG | BEARER_DIGITAL, config.maximumChannels(), config.firmwareRevision(),
                config.hostName(), config.vendorName());
    }

    private void onOutgoingCall(OutgoingCallRequest m, ControlOutput out) {
        if (state != State.ESTABLISHED) {
            refuseCall(m, OCRP_GENERAL_ERROR, ERROR_NOT_CONNECTED, "control connection not started", out);
            return;
        }
        for (Call c : open.values()) {
            if (c.peerCallId() == m.callId()) {
                refuseCall(m, OCRP_GENERAL_ERROR, ERROR_BAD_VALUE, "peer call ID " + m.callId() + " already in use", out);
                return;
            }
        }
        switch (calls.admit(m)) {
            case Admission.Refused r -> {
                boolean limit = r.errorCode() == ControlProtocol.ERROR_NO_RESOURCE;
                stats.increment(limit ? ControlCounter.CALLS_REFUSED_LIMIT : ControlCounter.CALLS_REFUSED_OTHER);
                out.note(new ControlNote.OutgoingCallRefused(m.callId(), r.reason()));
                send(out, new OutgoingCallReply(0, m.callId(), r.resultCode(), r.errorCode(), 0, 0, 0, 0, 0));
            }
            case Admission.Admitted a -> {
                lingerDeadline = Long.MAX_VALUE;
                // §2.7: a window of 0 would forbid sending at all; treat it as 1
                Call call = new Call(a.localCallId(), m.callId(), m.callSerialNumber(),
                        Math.max(1, m.packetRecvWindowSize()), m.packetProcessingDelay());
                open.put(call.localCallId(), call);
                stats.increment(ControlCounter.CALLS_OPENED);
                send(out, new OutgoingCallReply(call.localCallId(), call.peerCallId(), OCRP_CONNECTED, ERROR_NONE, 0,
                        config.connectSpeed(), config.recvWindow(), config.processingDelay(), 0));
                calls.opened(call);
            }
        }
    }

    private void refuseCall(OutgoingCallRequest m, int result, int error, String reason, ControlOutput out) {
        stats.increment(ControlCounter.CALLS_REFUSED_OTHER);
        out.note(new ControlNote.OutgoingCallRefused(m.callId(), reason));
        send(out, new OutgoingCallReply(0, m.callId(), result, error, 0, 0, 0, 0, 0));
    }

    private void onCallClear(CallClearRequest m, long now, ControlOutput out) {
        // §2.12: Call ID is the PNS's (the client's) own; find the call by it
        Call call = null;
        for (Call c : open.values()) {
            if (c.peerCallId() == m.callId()) {
                call = c;
                break;
            }
        }
        if (call == null) {
            stats.increment(ControlCounter.UNKNOWN_CALL_ID);
            out.note(new ControlNote.UnknownCallCleared(m.callId()));
            return;
        }
        stats.increment(ControlCounter.CALLS_CLEARED_BY_PEER);
        open.remove(call.localCallId());
        send(out, new CallDisconnectNotify(call.localCallId(), CDN_REQUEST, ERROR_NONE, 0, ""));
        calls.cleared(call, "Call-Clear-Request from the client");
        if (open.isEmpty()) {
            // pptp-linux closes TCP itself once its last call is cleared: a Stop-Control-Connection-Request
            // now would race that close (and draw a TCP reset). Stop only if the client stays without calls.
            lingerDeadline = now + config.stopTimeoutNanos();
        }
    }

    private void onSetLinkInfo(SetLinkInfo m) {
        stats.increment(ControlCounter.SET_LINK_INFO_RECEIVED);
        Call call = open.get(m.peerCallId()); // §2.15: "Peer's Call ID" is ours
        if (call == null) {
            stats.increment(ControlCounter.UNKNOWN_CALL_ID);
            return;
        }
        calls.linkInfo(call, m.sendAccm(), m.receiveAccm());
    }

    private void onStopRequest(StopControlConnectionRequest m, ControlOutput out) {
        stats.increment(ControlCounter.STOPS_BY_PEER);
        // §2.3: stopping the control connection clears every call on it
        clearAll("Stop-Control-Connection-Request from the client (reason " + m.reason() + ")");
        send(out, new StopControlConnectionReply(RESULT_OK, ERROR_NONE));
        state = State.CLOSED;
        out.close("Stop-Control-Connection-Request from the client");
    }

    private void onStopReply(ControlOutput out) {
        if (state != State.STOPPING) {
            unexpected(new StopControlConnectionReply(RESULT_OK, ERROR_NONE), out);
            return;
        }
        state = State.CLOSED;
        out.close("stopped");
    }

    /**
     * We end a call (its PPP link closed, an administrator disconnected it): Call-Disconnect-Notify
     * (§2.13), and, as pptpd does, Stop-Control-Connection-Request when it was the connection's last call.
     */
    public void clearCall(int localCallId, int resultCode, String cause, long now, ControlOutput out) {
        Call call = open.remove(localCallId);
        if (call == null || state == State.CLOSED) {
            return;
        }
        stats.increment(ControlCounter.CALLS_CLEARED_BY_US);
        send(out, new CallDisconnectNotify(call.localCallId(), resultCode, ERROR_NONE, 0, cause));
        calls.cleared(call, cause);
        stopIfIdle(now, out);
    }

    private void stopIfIdle(long now, ControlOutput out) {
        if (open.isEmpty() && state == State.ESTABLISHED) {
            stop(STOP_REASON_NONE, "last call ended", now, out);
        }
    }

    /** We end the whole connection: every call cleared, then Stop-Control-Connection-Request (§2.3). */
    public void stop(int reason, String why, long now, ControlOutput out) {
        if (state == State.CLOSED || state == State.STOPPING) {
            return;
        }
        if (state == State.WAIT_START) {
            closeNow(why, out);
            return;
        }
        for (Call call : List.copyOf(open.values())) {
            open.remove(call.localCallId());
            stats.increment(ControlCounter.CALLS_CLEARED_BY_US);
            send(out, new CallDisconnectNotify(call.localCallId(), ControlProtocol.CDN_ADMIN_SHUTDOWN, ERROR_NONE, 0, why));
            calls.cleared(call, why);
        }
        stats.increment(ControlCounter.STOPS_BY_US);
        send(out, new StopControlConnectionRequest(reason));
        state = State.STOPPING;
        stopDeadline = now + config.stopTimeoutNanos();
    }

    /** The TCP connection is gone (closed by the peer, or after our close): every call is cleared. */
    public void lowerDown(String why) {
        if (state != State.CLOSED) {
            if (state != State.STOPPING) {
                stats.increment(ControlCounter.CONNECTIONS_LOST);
            }
            state = State.CLOSED;
        }
        clearAll(why);
    }

    private void clearAll(String why) {
        List<Call> all = new ArrayList<>(open.values());
        open.clear();
        for (Call call : all) {
            calls.cleared(call, why);
        }
    }

    private void closeNow(String why, ControlOutput out) {
        clearAll(why);
        state = State.CLOSED;
        out.close(why);
    }

    /** Runs what is due: the start timeout, the idle Echo-Request and its timeout, the stop timeout. */
    public void poll(long now, ControlOutput out) {
        switch (state) {
            case WAIT_START -> {
                if (now - startDeadline >= 0) {
                    stats.increment(ControlCounter.START_TIMEOUTS);
                    out.note(new ControlNote.NoStartRequest());
                    closeNow("no Start-Control-Connection-Request within stimeout", out);
                }
            }
            case ESTABLISHED -> {
                if (open.isEmpty() && now - lingerDeadline >= 0 && lingerDeadline != Long.MAX_VALUE) {
                    lingerDeadline = Long.MAX_VALUE;
                    stop(STOP_REASON_NONE, "no calls left", now, out);
                    return;
                }
                switch (keepalive.poll(now)) {
                    case SEND_ECHO_REQUEST -> {
                        stats.increment(ControlCounter.ECHO_REQUESTS_SENT);
                        send(out, new EchoRequest(keepalive.echoIdentifier()));
                    }
                    case DEAD -> {
                        stats.increment(ControlCounter.ECHO_TIMEOUTS);
                        out.note(new ControlNote.NoEchoReply());
                        closeNow("no Echo-Reply from the client", out);
                    }
                    case NOTHING -> { }
                }
            }
            case STOPPING -> {
                if (now - stopDeadline >= 0) {
                    stats.increment(ControlCounter.STOP_TIMEOUTS);
                    state = State.CLOSED;
                    out.close("no Stop-Control-Connection-Reply");
                }
            }
            case CLOSED -> { }
        }
    }

    public long nextDeadlineNanos() {
        return switch (state) {
            case WAIT_START -> startDeadline;
            case ESTABLISHED -> {
                long echo = keepalive.deadline();
                yield lingerDeadline != Long.MAX_VALUE && lingerDeadline - echo < 0 ? lingerDeadline : echo;
            }
            case STOPPING -> stopDeadline;
            case CLOSED -> Long.MAX_VALUE;
        };
    }

    private void send(ControlOutput out, ControlMessage m) {
        stats.increment(ControlCounter.MESSAGES_SENT);
        out.send(m);
    }
}
