package io.pptp2wg.ppp.ccp;

import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.ppp.PppProtocol;
import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.ControlCode;
import io.pptp2wg.ppp.fsm.Deadlines;
import io.pptp2wg.ppp.fsm.ExtendedCode;
import io.pptp2wg.ppp.fsm.FsmIo;
import io.pptp2wg.ppp.fsm.NegotiatingProtocol;
import io.pptp2wg.ppp.fsm.OptionList;
import io.pptp2wg.ppp.fsm.OptionNegotiator;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * CCP (RFC 1962) on the shared automaton, negotiating only MPPE (RFC 3078); every compression
 * method is Rejected. Also Reset-Request/Reset-Ack (RFC 1962 §2.2) for stateful MPPE resync.
 */
public final class Ccp extends NegotiatingProtocol {
    /** What CCP tells the link. */
    public interface Listener {
        void ccpUp();

        void ccpDown();

        void ccpFinished();

        /** MPPE is required and cannot be agreed. */
        void ccpFailed(String reason);

        /** The peer lost packets: our next encrypted packet must be flushed (RFC 3078 §7.1). */
        void resetRequested();
    }

    /** pppd's RACKTIMEOUT: how long to wait for a Reset-Ack before repeating the Reset-Request. */
    public static final long RESET_ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MppeOption mppe;
    private final Listener listener;
    private boolean failureReported;
    private boolean resetPending;
    private boolean resetRepeat;
    private int resetId;
    private long resetDeadline = Long.MAX_VALUE;
    private long now;
    private long resetRequestsReceived;
    private long resetRequestsSent;

    public Ccp(PppOptions options, Random random, Listener listener, FsmIo io, int maxPacket) {
        this(new MppeOption(options.mppe()), options, random, listener, io, maxPacket);
    }

    private Ccp(MppeOption mppe, PppOptions options, Random random, Listener listener, FsmIo io, int maxPacket) {
        super(new OptionNegotiator(maxPacket, mppe),
                "CCP", PppProtocol.CCP, options.ipcpLimits(), io, maxPacket, random.nextInt(256));
        this.mppe = mppe;
        this.listener = listener;
    }

    public MppeOption mppe() {
        return mppe;
    }

    public MppePolicy policy(PppOptions options) {
        return options.mppe();
    }

    public void start(long nowNanos) {
        now = nowNanos;
        fsm.up(nowNanos);
        fsm.open(nowNanos);
        reportFailure();
    }

    public void receive(ByteBuffer packet, long nowNanos) {
        now = nowNanos;
        fsm.receive(packet, nowNanos);
        reportFailure();
    }

    private void reportFailure() {
        String failure = mppe.failure();
        if (failure != null && !failureReported) {
            failureReported = true;
            listener.ccpFailed(failure);
        }
    }

    public void poll(long nowNanos) {
        now = nowNanos;
        fsm.poll(nowNanos);
        if (nowNanos - resetDeadline >= 0 && resetDeadline != Long.MAX_VALUE) {
            if (resetPending && resetRepeat && isOpened()) {
                fsm.sendPacket(ControlCode.RESET_REQUEST, resetId, ByteBuffer.allocate(0));
                resetRequestsSent++;
                resetRepeat = false;
                resetDeadline = nowNanos + RESET_ACK_TIMEOUT_NANOS;
            } else {
                resetPending = false;
                resetDeadline = Long.MAX_VALUE;
            }
        }
    }

    public long deadline() {
        return Deadlines.earliest(fsm.deadline(), resetDeadline);
    }

    public void lowerDown(long nowNanos) {
        now = nowNanos;
        fsm.down(nowNanos);
    }

    public void close(String reason, long nowNanos) {
        now = nowNanos;
        fsm.close(reason, nowNanos);
    }

    /** Our decryptor lost sync (stateful mode): ask the peer to flush, once per Reset-Ack timeout (as pppd). */
    public void requestReset(long nowNanos) {
        now = nowNanos;
        if (!isOpened()) {
            return;
        }
        if (!resetPending) {
            resetId = fsm.nextId();
            fsm.sendPacket(ControlCode.RESET_REQUEST, resetId, ByteBuffer.allocate(0));
            resetRequestsSent++;
            resetPending = true;
            resetRepeat = false;
            resetDeadline = nowNanos + RESET_ACK_TIMEOUT_NANOS;
        } else {
            resetRepeat = true;
        }
    }

    @Override
    public ConfigVerdict checkRequest(ByteBuffer options, boolean rejectIfDisagree, ByteBuffer response) {
        int start = response.position();
        ConfigVerdict v = super.checkRequest(options, rejectIfDisagree, response);
        if (v == ConfigVerdict.REJECT && mppe.required() && mentionsMppe(response.duplicate().flip().position(start))) {
            mppe.rejected(); // we had to refuse the peer's MPPE proposal: no agreement is possible
        }
        return v;
    }

    private static boolean mentionsMppe(ByteBuffer options) {
        boolean[] found = {false};
        OptionList.forEach(options, (type, value, off, len) -> {
            found[0] |= type == MppeBits.OPTION_TYPE;
            return !found[0];
        });
        return found[0];
    }

    @Override
    public void thisLayerUp() {
        listener.ccpUp();
    }

    @Override
    public void thisLayerDown() {
        resetPending = false;
        resetDeadline = Long.MAX_VALUE;
        listener.ccpDown();
    }

    @Override
    public void thisLayerStarted() {}

    @Override
    public void thisLayerFinished() {
        listener.ccpFinished();
    }

    @Override
    public ExtendedCode classify(int code, int id, ByteBuffer data) {
        return switch (code) {
            case ControlCode.RESET_REQUEST -> {
                if (!isOpened()) {
                    yield ExtendedCode.IGNORED;
                }
                resetRequestsReceived++;
                listener.resetRequested();
                fsm.sendPacket(ControlCode.RESET_ACK, id, ByteBuffer.allocate(0));
                yield ExtendedCode.HANDLED;
            }
            case ControlCode.RESET_ACK -> {
                if (resetPending && id == resetId) {
                    resetPending = false;
                    resetRepeat = false;
                    resetDeadline = Long.MAX_VALUE;
                    yield ExtendedCode.HANDLED;
                }
                yield ExtendedCode.IGNORED;
            }
            default -> ExtendedCode.UNKNOWN;
        };
    }

    public long resetRequestsReceived() {
        return resetRequestsReceived;
    }

    public long resetRequestsSent() {
        return resetRequestsSent;
    }
}
