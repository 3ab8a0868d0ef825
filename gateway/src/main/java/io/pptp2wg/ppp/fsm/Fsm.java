package io.pptp2wg.ppp.fsm;

import io.pptp2wg.config.ppp.FsmLimits;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The RFC 1661 §4 option-negotiation automaton shared by LCP, IPCP and CCP (pppd's fsm.c): the
 * transition table ({@link FsmTable}), the Restart timer and counter, Max-Configure, Max-Terminate
 * and Max-Failure. The protocol-specific parts are its {@link FsmCallbacks}. No I/O and no clock:
 * time comes in with every call; packets go out through {@link FsmIo}. Not thread-safe.
 */
public final class Fsm {
    private final String name;
    private final int protocol;
    private final FsmLimits limits;
    private final long restartNanos;
    private final FsmCallbacks callbacks;
    private final FsmIo io;
    private final ByteBuffer tx;
    private final ByteBuffer response;

    private FsmState state = FsmState.INITIAL;
    private int restartCount;
    private long deadline = Long.MAX_VALUE;
    private long now;
    private int lastId;
    /** Identifier of our outstanding Configure-Request; -1 before the first. */
    private int requestId = -1;
    /** Configure-Naks we sent in a row (Max-Failure turns the next Nak into a Reject, §4.6). */
    private int naksSent;
    /** Configure-Naks we received in a row (treated as Rejects past Max-Failure, as pppd does). */
    private int naksReceived;
    private byte[] terminateReason = new byte[0];
    private long ignoredEvents;

    // The packet behind the event being handled.
    private int rxCode;
    private int rxId;
    private ByteBuffer rxData = ByteBuffer.allocate(0);
    private ByteBuffer rxPacket = ByteBuffer.allocate(0);
    private ConfigVerdict verdict = ConfigVerdict.ACK;

    /**
     * @param maxPacket the largest control packet we send or answer (Code..Data), at least 64
     * @param firstId   the Identifier before the first one used (random in production)
     */
    public Fsm(String name, int protocol, FsmLimits limits, FsmCallbacks callbacks, FsmIo io, int maxPacket,
               int firstId) {
        if (maxPacket < 64) {
            throw new IllegalArgumentException("maxPacket " + maxPacket);
        }
        this.name = name;
        this.protocol = protocol;
        this.limits = limits;
        this.restartNanos = TimeUnit.SECONDS.toNanos(Math.max(1, limits.restartSeconds()));
        this.callbacks = callbacks;
        this.io = io;
        this.tx = ByteBuffer.allocate(maxPacket);
        this.response = ByteBuffer.allocate(maxPacket);
        this.lastId = firstId & 0xff;
    }

    public String name() {
        return name;
    }

    public int protocol() {
        return protocol;
    }

    public FsmState state() {
        return state;
    }

    public int restartCount() {
        return restartCount;
    }

    /** When {@link #poll} has a timeout to deliver; Long.MAX_VALUE when the Restart timer is off. */
    public long deadline() {
        return deadline;
    }

    /** Events that the table marks impossible in the state they came in ("-"), ignored. */
    public long ignoredEvents() {
        return ignoredEvents;
    }

    public void up(long nowNanos) {
        handle(FsmEvent.UP, nowNanos);
    }

    public void down(long nowNanos) {
        handle(FsmEvent.DOWN, nowNanos);
    }

    public void open(long nowNanos) {
        handle(FsmEvent.OPEN, nowNanos);
    }

    /** The Close event; {@code reason} goes into our Terminate-Request (printable ASCII, not secret). */
    public void close(String reason, long nowNanos) {
        terminateReason = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.US_ASCII);
        handle(FsmEvent.CLOSE, nowNanos);
    }

    /** Delivers a due Restart timer (TO+ or TO-). */
    public void poll(long nowNanos) {
        if (nowNanos - deadline >= 0 && deadline != Long.MAX_VALUE) {
            deadline = Long.MAX_VALUE;
            handle(restartCount > 0 ? FsmEvent.TO_PLUS : FsmEvent.TO_MINUS, nowNanos);
        }
    }

    /** A packet of this protocol (Code, Identifier, Length, Data; octets past Length are padding). */
    public void receive(ByteBuffer packet, long nowNanos) {
        int available = packet.remaining();
        if (available < ControlCode.HEADER_LENGTH) {
            io.dropped(protocol, name + ": packet shorter than its header (" + available + " bytes)");
            return;
        }
        int start = packet.position();
        int code = packet.get(start) & 0xff;
        int id = packet.get(start + 1) & 0xff;
        int length = packet.getShort(start + 2) & 0xffff;
        if (length < ControlCode.HEADER_LENGTH || length > available) {
            io.dropped(protocol, name + ": bad length " + length + " in a " + available + "-byte packet");
            return;
        }
        if (state == FsmState.INITIAL || state == FsmState.STARTING) {
            io.dropped(protocol, name + ": " + ControlCode.name(code) + " while " + state.rfcName());
            return;
        }
        ByteBuffer data = packet.duplicate().position(start + ControlCode.HEADER_LENGTH).limit(start + length).slice();
        rxCode = code;
        rxId = id;
        rxData = data;
        rxPacket = packet.duplicate().position(start).limit(start + length).slice();
        switch (code) {
            case ControlCode.CONFIGURE_REQUEST -> receiveConfigureRequest(data, nowNanos);
            case ControlCode.CONFIGURE_ACK -> receiveConfigureAck(id, data, nowNanos);
            case ControlCode.CONFIGURE_NAK, ControlCode.CONFIGURE_REJECT -> receiveNakOrReject(code, id, data, nowNanos);
            case ControlCode.TERMINATE_REQUEST -> {
                callbacks.terminateRequested(data.duplicate());
                handle(FsmEvent.RTR, nowNanos);
            }
            case ControlCode.TERMINATE_ACK -> handle(FsmEvent.RTA, nowNanos);
            case ControlCode.CODE_REJECT -> {
                if (!data.hasRemaining()) {
                    io.dropped(protocol, name + ": empty Code-Reject");
                    return;
                }
                int rejected = data.get(0) & 0xff;
                handle(callbacks.codeRejectIsCatastrophic(rejected) ? FsmEvent.RXJ_MINUS : FsmEvent.RXJ_PLUS, nowNanos);
            }
            default -> {
                switch (callbacks.classify(code, id, data.duplicate())) {
                    case RXR -> handle(FsmEvent.RXR, nowNanos);
                    case RXJ_PLUS -> handle(FsmEvent.RXJ_PLUS, nowNanos);
                    case RXJ_MINUS -> handle(FsmEvent.RXJ_MINUS, nowNanos);
                    case HANDLED -> { }
                    case IGNORED -> io.dropped(protocol, name + ": " + ControlCode.name(code) + " ignored");
                    case UNKNOWN -> handle(FsmEvent.RUC, nowNanos);
                }
            }
        }
    }

    private void receiveConfigureRequest(ByteBuffer data, long nowNanos) {
        if (state == FsmState.CLOSED || state == FsmState.CLOSING || state == FsmState.STOPPING) {
            handle(FsmEvent.RCR_PLUS, nowNanos); // these states answer without looking at the options
            return;
        }
        response.clear();
        verdict = callbacks.checkRequest(data.duplicate(), naksSent >= limits.maxFailure(), response);
        response.flip();
        if (verdict == ConfigVerdict.MALFORMED) {
            io.dropped(protocol, name + ": malformed option list in ConfReq id=0x" + Integer.toHexString(rxId));
            return;
        }
        handle(verdict == ConfigVerdict.ACK ? FsmEvent.RCR_PLUS : FsmEvent.RCR_MINUS, nowNanos);
    }

    private void receiveConfigureAck(int id, ByteBuffer data, long nowNanos) {
        if (!isTerminating()) {
            if (id != requestId) {
                io.dropped(protocol, name + ": ConfAck id=0x" + Integer.toHexString(id) + " does not answer our request");
                return;
            }
            if (!callbacks.ackReceived(data.duplicate())) {
                io.dropped(protocol, name + ": ConfAck is not a copy of our request");
                return;
            }
            naksReceived = 0;
        }
        handle(FsmEvent.RCA, nowNanos);
    }

    private void receiveNakOrReject(int code, int id, ByteBuffer data, long nowNanos) {
        if (!isTerminating()) {
            if (id != requestId) {
                io.dropped(protocol, name + ": " + ControlCode.name(code) + " id=0x" + Integer.toHexString(id)
                        + " does not answer our request");
                return;
            }
            boolean ok;
            if (code == ControlCode.CONFIGURE_NAK) {
                ok = callbacks.nakReceived(data.duplicate(), naksReceived >= limits.maxFailure());
                naksReceived++;
            } else {
                ok = callbacks.rejectReceived(data.duplicate());
            }
            if (!ok) {
                io.dropped(protocol, name + ": " + ControlCode.name(code) + " does not fit our request");
                return;
            }
        }
        handle(FsmEvent.RCN, nowNanos);
    }

    private boolean isTerminating() {
        return state == FsmState.CLOSED || state == FsmState.STOPPED || state == FsmState.CLOSING
                || state == FsmState.STOPPING;
    }

    private void handle(FsmEvent event, long nowNanos) {
        this.now = nowNanos;
        var cell = FsmTable.lookup(state, event);
        if (cell.isEmpty()) {
            ignoredEvents++;
            return;
        }
        FsmTransition t = cell.get();
        FsmState previous = state;
        state = t.next();
        boolean timerStarted = false;
        for (FsmAction action : t.actions()) {
            switch (action) {
                case TLU -> callbacks.thisLayerUp();
                case TLD -> callbacks.thisLayerDown();
                case TLS -> callbacks.thisLayerStarted();
                case TLF -> callbacks.thisLayerFinished();
                case IRC -> restartCount = (t.next() == FsmState.CLOSING || t.next() == FsmState.STOPPING)
                        ? limits.maxTerminate() : limits.maxConfigure();
                case ZRC -> {
                    restartCount = 0;
                    timerStarted = true;
                }
                case SCR -> {
                    sendConfigureRequest(previous);
                    timerStarted = true;
                }
                case SCA -> sendConfigureAck();
                case SCN -> sendNakOrReject();
                case STR -> {
                    sendPacket(ControlCode.TERMINATE_REQUEST, nextId(), ByteBuffer.wrap(terminateReason));
                    restartCount--;
                    timerStarted = true;
                }
                case STA -> sendPacket(ControlCode.TERMINATE_ACK, rxId, ByteBuffer.allocate(0));
                case SCJ -> sendPacket(ControlCode.CODE_REJECT, nextId(), rxPacket.duplicate());
                case SER -> callbacks.serve(rxCode, rxId, rxData.duplicate());
            }
        }
        if (!state.restartTimerRuns()) {
            deadline = Long.MAX_VALUE;
        } else if (timerStarted) {
            deadline = now + restartNanos;
        }
    }

    private void sendConfigureRequest(FsmState previous) {
        if (!previous.negotiating()) {
            callbacks.resetRequest();
            naksSent = 0;
            naksReceived = 0;
        }
        requestId = nextId();
        tx.clear();
        tx.put((byte) ControlCode.CONFIGURE_REQUEST).put((byte) requestId).putShort((short) 0);
        callbacks.writeRequest(tx);
        finishAndSend();
        restartCount--;
    }

    private void sendConfigureAck() {
        naksSent = 0;
        sendPacket(ControlCode.CONFIGURE_ACK, rxId, rxData.duplicate());
        callbacks.requestAcked(rxData.duplicate());
    }

    private void sendNakOrReject() {
        if (verdict == ConfigVerdict.NAK) {
            naksSent++;
        }
        sendPacket(verdict.code(), rxId, response.duplicate());
    }

    /** Sends any packet of this protocol (Echo, Protocol-Reject, Reset-Request...); data is truncated to fit. */
    public void sendPacket(int code, int id, ByteBuffer data) {
        tx.clear();
        tx.put((byte) code).put((byte) id).putShort((short) 0);
        int n = Math.min(data.remaining(), tx.remaining());
        tx.put(data.duplicate().limit(data.position() + n));
        finishAndSend();
    }

    private void finishAndSend() {
        tx.putShort(2, (short) tx.position());
        tx.flip();
        io.send(protocol, tx);
    }

    /** The next Identifier for a packet we originate. */
    public int nextId() {
        lastId = (lastId + 1) & 0xff;
        return lastId;
    }

    /** Largest Data field a packet of ours may carry. */
    public int maxData() {
        return tx.capacity() - ControlCode.HEADER_LENGTH;
    }

    @Override
    public String toString() {
        return name + "[" + state.rfcName() + "]";
    }
}
