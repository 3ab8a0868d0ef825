package io.pptp2wg.pptp.client;

import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlCounter;
import io.pptp2wg.pptp.control.ControlKeepalive;
import io.pptp2wg.pptp.control.ControlMessage;
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
import io.pptp2wg.pptp.control.ControlOutput;
import io.pptp2wg.pptp.control.ControlStats;
import io.pptp2wg.pptp.control.Malformed;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pptp2wg.pptp.control.ControlProtocol.BEARER_ANALOG;
import static io.pptp2wg.pptp.control.ControlProtocol.BEARER_DIGITAL;
import static io.pptp2wg.pptp.control.ControlProtocol.ERROR_NONE;
import static io.pptp2wg.pptp.control.ControlProtocol.FRAMING_ASYNC;
import static io.pptp2wg.pptp.control.ControlProtocol.FRAMING_SYNC;
import static io.pptp2wg.pptp.control.ControlProtocol.ICRP_DO_NOT_ACCEPT;
import static io.pptp2wg.pptp.control.ControlProtocol.OCRP_CONNECTED;
import static io.pptp2wg.pptp.control.ControlProtocol.PROTOCOL_VERSION;
import static io.pptp2wg.pptp.control.ControlProtocol.RESULT_OK;
import static io.pptp2wg.pptp.control.ControlProtocol.SCCRP_SUCCESS;
import static io.pptp2wg.pptp.control.ControlProtocol.STOP_REASON_NONE;

/**
 * One PPTP control connection, client (PNS) side, RFC 2637 §2 and §3.1.2: Start-Control-Connection,
 * Outgoing-Call-Request for each call (several may share the connection, §1.3), Echo both ways,
 * Call-Clear-Request, Stop-Control-Connection. Frames and time in, messages and call events out; no
 * I/O, no clock, no threads: the caller passes {@code nowNanos} and drives {@link #poll} at
 * {@link #nextDeadlineNanos}. The codec and the message records are the server's. Counters go to a
 * {@link ControlStats} ({@code START_TIMEOUTS}: no reply to our start; {@code CALLS_REFUSED_OTHER}:
 * calls the server refused). Not thread-safe: one caller thread.
 */
public final class ClientControlConnection {
    /** §3.1.2 (PNS side), simplified to what a client needs. */
    public enum State {
        /** Created; {@link #start} not called yet. */
        IDLE,
        /** Start-Control-Connection-Request sent; waiting for the reply. */
        WAIT_START_REPLY,
        /** Started: calls may be placed. */
        ESTABLISHED,
        /** We sent Stop-Control-Connection-Request; waiting for the reply. */
        STOPPING,
        /** Done: the TCP connection is being or has been closed. */
        CLOSED
    }

    /** §2.7: the speeds a PNS asks for; pptp-linux's range. */
    private static final long MINIMUM_BPS = 2_400;
    private static final long MAXIMUM_BPS = 10_000_000;

    private final ClientControlConfig config;
    private final ClientControlListener listener;
    private final ControlStats stats;
    private final Map<Integer, ClientCall> calls = new LinkedHashMap<>();

    private State state = State.IDLE;
    private long startDeadline = Long.MAX_VALUE;
    private final ControlKeepalive keepalive;
    private long stopDeadline = Long.MAX_VALUE;
    private StartControlConnectionReply reply;

    public ClientControlConnection(ClientControlConfig config, ClientControlListener listener, ControlStats stats) {
        this.config = config;
        this.listener = listener;
        this.stats = stats;
        this.keepalive = new ControlKeepalive(config.idleNanos(), config.echoTimeoutNanos(), 0); // restarted by start
    }

    public State state() {
        return state;
    }

    /** What the server said about itself, once started. */
    public Optional<StartControlConnectionReply> startReply() {
        return Optional.ofNullable(reply);
    }

    public Collection<ClientCall> calls() {
        return List.copyOf(calls.values());
    }

    /** TCP is up: Start-Control-Connection-Request (§2.1). */
    public void start(long now, ControlOutput out) {
        if (state != State.IDLE) {
            return;
        }
        stats.increment(ControlCounter.CONNECTIONS_OPENED);
        state = State.WAIT_START_REPLY;
        startDeadline = now + config.startTimeoutNanos();
        keepalive.restart(now);
        // §2.1: a PNS SHOULD set Maximum Channels to 0
        send(out, new StartControlConnectionRequest(PROTOCOL_VERSION, FRAMING_ASYNC | FRAMING_SYNC,
                BEARER_ANALOG | BEARER_DIGITAL, 0, config.firmwareRevision(), config.hostName(), config.vendorName()));
    }

    /**
     * Places a call with our Call ID {@code callId} (unique among everything we receive GRE for): its
     * Outgoing-Call-Request goes now, or as soon as the connection has started.
     */
    public ClientCall placeCall(int callId, int serialNumber, long now, ControlOutput out) {
        ClientCall call = new ClientCall(callId, serialNumber);
        if (state == State.CLOSED || state == State.STOPPING || calls.containsKey(callId)) {
            call.state(ClientCall.State.ENDED);
            listener.callFailed(call, calls.containsKey(callId) ? "call ID " + callId + " already in use"
                    : "control connection " + state.name().toLowerCase());
            return call;
        }
        calls.put(callId, call);
        call.deadline = now + config.callTimeoutNanos() + (state == State.ESTABLISHED ? 0 : config.startTimeoutNanos());
        if (state == State.ESTABLISHED) {
            dial(call, out);
        }
        return call;
    }

    private void dial(ClientCall call, ControlOutput out) {
        call.requestSent = true;
        send(out, new OutgoingCallRequest(call.callId(), call.serialNumber(), MINIMUM_BPS, MAXIMUM_BPS,
                BEARER_ANALOG | BEARER_DIGITAL, FRAMING_ASYNC | FRAMING_SYNC, config.recvWindow(),
                config.processingDelay(), "", ""));
    }

    /** One framed message from the server (exactly its Length octets). */
    public void receive(ByteBuffer frame, long now, ControlOutput out) {
        if (state == State.CLOSED || state == State.IDLE) {
            return;
        }
        switch (ControlCodec.decode(frame)) {
            case ControlCodec.Decoded.Refused r -> {
                stats.malformed(r.reason());
                if (r.reason() != Malformed.UNKNOWN_TYPE) {
                    closeNow("malformed control message from the server: " + r.reason(), out);
                }
            }
            case ControlCodec.Decoded.Ok ok -> {
                stats.increment(ControlCounter.MESSAGES_RECEIVED);
                keepalive.messageHeard(now);
                handle(ok.message(), now, out);
            }
        }
    }

    /** GRE traffic from the server: the connection lives, no Echo-Request needed yet. */
    public void peerActivity(long now) {
        keepalive.activity(now);
    }

    private void handle(ControlMessage message, long now, ControlOutput out) {
        switch (message) {
            case StartControlConnectionReply m -> onStartReply(m, out);
            case OutgoingCallReply m -> onCallReply(m);
            case CallDisconnectNotify m -> onDisconnect(m, now, out);
            case EchoRequest m -> send(out, new EchoReply(m.identifier(), RESULT_OK, ERROR_NONE));
            case EchoReply m -> stats.increment(ControlCounter.ECHO_REQUESTS_ANSWERED);
            case StopControlConnectionRequest m -> {
                stats.increment(ControlCounter.STOPS_BY_PEER);
                send(out, new StopControlConnectionReply(RESULT_OK, ERROR_NONE));
                endAll("Stop-Control-Connection-Request from the server (reason " + m.reason() + ")");
                closeNow("stopped by the server", out);
            }
            case StopControlConnectionReply m -> {
                if (state != State.STOPPING) {
                    unexpected();
                    return;
                }
                closeNow("stopped", out);
            }
            case IncomingCallRequest m -> {
                stats.increment(ControlCounter.INCOMING_CALLS_REFUSED); // we place calls; we do not take them
                send(out, new IncomingCallReply(0, m.callId(), ICRP_DO_NOT_ACCEPT, ERROR_NONE, 0, 0));
            }
            case WanErrorNotify m -> stats.increment(ControlCounter.WAN_ERROR_NOTIFY_RECEIVED);
            case StartControlConnectionRequest m -> unexpected();
            case OutgoingCallRequest m -> unexpected();
            case IncomingCallReply m -> unexpected();
            case IncomingCallConnected m -> unexpected();
            case CallClearRequest m -> unexpected();
            case SetLinkInfo m -> stats.increment(ControlCounter.SET_LINK_INFO_RECEIVED);
        }
    }

    private void unexpected() {
        stats.increment(ControlCounter.UNEXPECTED);
    }

    private void onStartReply(StartControlConnectionReply m, ControlOutput out) {
        if (state != State.WAIT_START_REPLY) {
            unexpected();
            return;
        }
        if (m.resultCode() != SCCRP_SUCCESS) {
            closeNow("Start-Control-Connection-Reply result " + m.resultCode() + " error " + m.errorCode(), out);
            return;
        }
        reply = m;
        state = State.ESTABLISHED;
        startDeadline = Long.MAX_VALUE;
        stats.increment(ControlCounter.CONNECTIONS_STARTED);
        listener.started(m);
        for (ClientCall call : List.copyOf(calls.values())) {
            if (!call.requestSent && state == State.ESTABLISHED) {
                dial(call, out);
            }
        }
    }

    private void onCallReply(OutgoingCallReply m) {
        ClientCall call = calls.get(m.peerCallId()); // §2.8: "Peer's Call ID" is the one our request carried
        if (call == null || call.state() != ClientCall.State.DIALING || !call.requestSent) {
            stats.increment(ControlCounter.UNKNOWN_CALL_ID);
            return;
        }
        if (m.resultCode() != OCRP_CONNECTED) {
            calls.remove(call.callId());
            call.state(ClientCall.State.ENDED);
            stats.increment(ControlCounter.CALLS_REFUSED_OTHER);
            listener.callFailed(call, "Outgoing-Call-Reply result " + m.resultCode() + " error " + m.errorCode()
                    + (m.causeCode() != 0 ? " cause " + m.causeCode() : ""));
            return;
        }
        call.connected(m.callId(), m.packetRecvWindowSize(), m.packetProcessingDelay());
        stats.increment(ControlCounter.CALLS_OPENED);
        listener.callConnected(call);
    }

    private void onDisconnect(CallDisconnectNotify m, long now, ControlOutput out) {
        ClientCall call = null;
        for (ClientCall c : calls.values()) {
            if (c.serverCallId() == m.callId()) { // §2.13: the PAC's own Call ID
                call = c;
                break;
            }
        }
        if (call == null) {
            stats.increment(ControlCounter.UNKNOWN_CALL_ID);
            return;
        }
        boolean ours = call.state() == ClientCall.State.CLEARING;
        stats.increment(ours ? ControlCounter.CALLS_CLEARED_BY_US : ControlCounter.CALLS_CLEARED_BY_PEER);
        end(call, ours ? "cleared" : "Call-Disconnect-Notify result " + m.resultCode()
                + (m.callStatistics().isEmpty() ? "" : " (" + m.callStatistics() + ")"));
    }

    /** We end a call: Call-Clear-Request (§2.12); it is cleared when the server's Call-Disconnect-Notify comes. */
    public void clearCall(int callId, long now, ControlOutput out) {
        ClientCall call = calls.get(callId);
        if (call == null || state == State.CLOSED) {
            return;
        }
        switch (call.state()) {
            case DIALING -> {
                if (call.requestSent) {
                    send(out, new CallClearRequest(callId)); // §2.12: also cancels a call still being set up
                }
                calls.remove(callId);
                call.state(ClientCall.State.ENDED);
                listener.callFailed(call, "cancelled");
            }
            case CONNECTED -> {
                call.state(ClientCall.State.CLEARING);
                call.deadline = now + config.stopTimeoutNanos();
                send(out, new CallClearRequest(callId));
            }
            case CLEARING, ENDED -> { }
        }
    }

    /** We end the whole connection: every call ended, then Stop-Control-Connection-Request (§2.3). */
    public void stop(long now, ControlOutput out) {
        switch (state) {
            case IDLE, WAIT_START_REPLY -> closeNow("stopped before it started", out);
            case ESTABLISHED -> {
                endAll("control connection stopped"); // §2.3: stopping clears every call implicitly
                stats.increment(ControlCounter.STOPS_BY_US);
                send(out, new StopControlConnectionRequest(STOP_REASON_NONE));
                state = State.STOPPING;
                stopDeadline = now + config.stopTimeoutNanos();
            }
            case STOPPING, CLOSED -> { }
        }
    }

    /** The TCP connection is gone: every call ends. */
    public void lowerDown(String why) {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.STOPPING) {
            stats.increment(ControlCounter.CONNECTIONS_LOST);
        }
        state = State.CLOSED;
        endAll(why);
        listener.closed(why);
    }

    /** Runs what is due: the start and call timeouts, the idle Echo-Request and its timeout, the stop timeout. */
    public void poll(long now, ControlOutput out) {
        switch (state) {
            case IDLE, CLOSED -> { }
            case WAIT_START_REPLY -> {
                if (now - startDeadline >= 0) {
                    stats.increment(ControlCounter.START_TIMEOUTS);
                    closeNow("no Start-Control-Connection-Reply", out);
                }
            }
            case ESTABLISHED -> {
                for (ClientCall c : List.copyOf(calls.values())) {
                    if (c.deadline != Long.MAX_VALUE && now - c.deadline >= 0) {
                        if (c.state() == ClientCall.State.DIALING) {
                            calls.remove(c.callId());
                            c.state(ClientCall.State.ENDED);
                            listener.callFailed(c, "no Outgoing-Call-Reply");
                        } else if (c.state() == ClientCall.State.CLEARING) {
                            end(c, "cleared (no Call-Disconnect-Notify)");
                        }
                    }
                }
                if (state != State.ESTABLISHED) {
                    return;
                }
                switch (keepalive.poll(now)) {
                    case SEND_ECHO_REQUEST -> {
                        stats.increment(ControlCounter.ECHO_REQUESTS_SENT);
                        send(out, new EchoRequest(keepalive.echoIdentifier()));
                    }
                    case DEAD -> {
                        stats.increment(ControlCounter.ECHO_TIMEOUTS);
                        closeNow("no Echo-Reply from the server", out);
                    }
                    case NOTHING -> { }
                }
            }
            case STOPPING -> {
                if (now - stopDeadline >= 0) {
                    stats.increment(ControlCounter.STOP_TIMEOUTS);
                    closeNow("no Stop-Control-Connection-Reply", out);
                }
            }
        }
    }

    public long nextDeadlineNanos() {
        return switch (state) {
            case IDLE, CLOSED -> Long.MAX_VALUE;
            case WAIT_START_REPLY -> startDeadline;
            case STOPPING -> stopDeadline;
            case ESTABLISHED -> {
                long d = keepalive.deadline();
                for (ClientCall c : calls.values()) {
                    if (c.deadline != Long.MAX_VALUE && c.deadline - d < 0) {
                        d = c.deadline;
                    }
                }
                yield d;
            }
        };
    }

    private void end(ClientCall call, String reason) {
        calls.remove(call.callId());
        boolean wasConnected = call.state() == ClientCall.State.CONNECTED || call.state() == ClientCall.State.CLEARING;
        call.state(ClientCall.State.ENDED);
        call.deadline = Long.MAX_VALUE;
        if (wasConnected) {
            listener.callCleared(call, reason);
        } else {
            listener.callFailed(call, reason);
        }
    }

    private void endAll(String why) {
        for (ClientCall c : new ArrayList<>(calls.values())) {
            end(c, why);
        }
    }

    private void closeNow(String why, ControlOutput out) {
        if (state == State.CLOSED) {
            return;
        }
        endAll(why);
        state = State.CLOSED;
        out.close(why);
        listener.closed(why);
    }

    private void send(ControlOutput out, ControlMessage m) {
        stats.increment(ControlCounter.MESSAGES_SENT);
        out.send(m);
    }
}
