package io.pptp2wg.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.ppp.fsm.Deadlines;
import io.pptp2wg.pptp.control.CallControl;
import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlConnection;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlMessage;
import io.pptp2wg.pptp.control.ControlOutput;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.session.ClientFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Netty edge of one control connection: hands frames to the {@link ControlConnection} core, sends
 * what it produces, owns the connection's calls ({@link CallSession}s, all pinned to this channel's
 * event loop) and one timer for all of them, set to the earliest deadline any of them has.
 */
final class ControlSession extends ChannelInboundHandlerAdapter implements ControlOutput, CallControl {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSession.class);

    private final PptpGateway gateway;
    private final LoopResources loop;
    private final Map<Integer, CallSession> calls = new LinkedHashMap<>();
    /** Admitted calls whose reply is being sent (attached already, started by {@link #opened}). */
    private final Map<Integer, CallSession> admitted = new LinkedHashMap<>();
    private ChannelHandlerContext ctx;
    private ControlConnection core;
    private InetSocketAddress remote;
    private int peerAddress;
    private ClientFingerprint fingerprint;
    private ScheduledFuture<?> timer;
    private long timerAt;
    /** The last control message written: a call's first GRE frame waits for it (see {@link #opened}). */
    private ChannelFuture lastWrite;
    /** This connection's place under the flood caps. */
    private final ConnectionCaps.Ticket ticket;

    ControlSession(PptpGateway gateway, LoopResources loop, ConnectionCaps.Ticket ticket) {
        this.gateway = gateway;
        this.loop = loop;
        this.ticket = ticket;
    }

    ClientFingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        remote = (InetSocketAddress) ctx.channel().remoteAddress();
        peerAddress = Ipv4.fromInetAddress(remote.getAddress());
        fingerprint = new ClientFingerprint("", "", 0, remote);
        core = new ControlConnection(gateway.controlConfig(), this, gateway.stats().control(),
                remote.getAddress().getHostAddress() + ":" + remote.getPort(), gateway.nanoTime());
        gateway.connectionOpened(this);
        reschedule();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            core.receive(frame.nioBuffer(), gateway.nanoTime(), this);
        } finally {
            frame.release();
        }
        reschedule();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.lowerDown("control connection closed");
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        gateway.connectionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("control {}: {}", remote, cause.toString());
        ctx.close();
    }

    // ---- ControlOutput

    @Override
    public void send(ControlMessage message) {
        lastWrite = ctx.writeAndFlush(Unpooled.wrappedBuffer(ControlCodec.encode(message)));
    }

    @Override
    public void note(io.pptp2wg.pptp.control.ControlNote note) {
        if (note.notable()) {
            LOG.info("control {}: {}", core.peerName(), note.detail());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("control {}: {}", core.peerName(), note.detail());
        }
    }

    @Override
    public void close(String reason) {
        LOG.debug("control {}: closing: {}", remote, reason);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- CallControl

    @Override
    public void started(StartControlConnectionRequest request) {
        ticket.started();
        fingerprint = new ClientFingerprint(request.hostName(), request.vendorName(), request.firmwareRevision(), remote);
        LOG.info("control {} started: host=\"{}\" vendor=\"{}\" firmware={}", remote, request.hostName(),
                request.vendorName(), request.firmwareRevision());
    }

    @Override
    public Admission admit(OutgoingCallRequest request) {
        int cap = gateway.floods().callsPerConnection();
        if (FloodLimits.over(calls.size() + admitted.size() + 1, cap)) {
            gateway.stats().control().increment(io.pptp2wg.pptp.control.ControlCounter.CALLS_REFUSED_PER_CONNECTION);
            LOG.info("control {}: call refused: {} calls on this connection (floods.callsPerConnection)", remote, cap);
            return new Admission.Refused(ControlProtocol.OCRP_GENERAL_ERROR, ControlProtocol.ERROR_NO_RESOURCE,
                    "calls per connection limit (" + cap + ") reached");
        }
        Admission a = gateway.admitCall(fingerprint, loop);
        if (a instanceof Admission.Admitted admittedCall) {
            // The call's GRE endpoint is attached before the Outgoing-Call-Reply goes out: a client may
            // send its first LCP frame as soon as it has the reply, and the reader must know the Call ID.
            Call call = new Call(admittedCall.localCallId(), request.callId(), request.callSerialNumber(),
                    Math.max(1, request.packetRecvWindowSize()), request.packetProcessingDelay());
            admitted.put(call.localCallId(), gateway.newSession(this, loop, call, peerAddress));
        }
        return a;
    }

    @Override
    public void opened(Call call) {
        CallSession s = admitted.remove(call.localCallId());
        if (s == null) {
            s = gateway.newSession(this, loop, call, peerAddress);
        }
        calls.put(call.localCallId(), s);
        CallSession session = s;
        ReplyFirst.afterWritten(lastWrite, () -> {
            session.start(gateway.nanoTime());
            reschedule();
        });
    }

    @Override
    public void cleared(Call call, String reason) {
        CallSession s = calls.remove(call.localCallId());
        if (s != null) {
            s.finish(reason, gateway.nanoTime());
        }
    }

    // ---- for the calls

    void peerActivity(long now) {
        core.peerActivity(now);
    }

    void clearCall(CallSession s, int cdnResult, String reason, long now) {
        core.clearCall(s.call.localCallId(), cdnResult, reason, now, this);
        if (calls.containsKey(s.call.localCallId())) {
            // the core no longer knew the call (connection already closed): finish it anyway
            calls.remove(s.call.localCallId());
            s.finish(reason, now);
        }
    }

    /** Administrative stop (shutdown): every call ended, Stop-Control-Connection-Request. */
    void stop(String why) {
        core.stop(ControlProtocol.STOP_REASON_LOCAL_SHUTDOWN, why, gateway.nanoTime(), this);
        reschedule();
    }

    void onLoop(Runnable task) {
        ctx.executor().execute(task);
    }

    void stopOnLoop(String why) {
        onLoop(() -> stop(why));
    }

    List<CallSession> calls() {
        return new ArrayList<>(calls.values());
    }

    /** Arms the one timer at the earliest deadline of the core and the calls (earlier only: no churn per packet). */
    void reschedule() {
        long d = core.nextDeadlineNanos();
        for (CallSession s : calls.values()) {
            d = Deadlines.earliest(d, s.nextDeadlineNanos());
        }
        arm(d);
    }

    /**
     * After {@code call}'s packets: only its deadline can have moved (its PPP timers; GRE has the loop's timers), so
     * only it is asked, not every call of the connection: the timer fires at the earliest and recomputes then.
     */
    void rescheduleFor(CallSession call) {
        arm(call.nextDeadlineNanos());
    }

    private void arm(long d) {
        if (d == Long.MAX_VALUE) {
            return;
        }
        if (timer != null && d - timerAt >= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = Math.max(0, d - gateway.nanoTime());
        timerAt = d;
        timer = ctx.executor().schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        long now = gateway.nanoTime();
        core.poll(now, this);
        for (CallSession s : List.copyOf(calls.values())) {
            s.poll(now);
        }
        reschedule();
    }
}
