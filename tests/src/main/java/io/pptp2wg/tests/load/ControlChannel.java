package io.pptp2wg.tests.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.pptp2wg.pptp.client.ClientCall;
import io.pptp2wg.pptp.client.ClientControlConnection;
import io.pptp2wg.pptp.client.ClientControlListener;
import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlMessage;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionReply;
import io.pptp2wg.pptp.control.ControlOutput;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Netty edge of one control connection of the load generator: hands frames to the
 * {@link ClientControlConnection} core, sends what it produces, places its sessions' calls once TCP is
 * up and owns them; one timer for the core and every session's PPP timers, set to the earliest
 * deadline (GRE timers run on the loop's tick). Everything on the channel's event loop.
 */
final class ControlChannel extends ChannelInboundHandlerAdapter implements ControlOutput, ClientControlListener {
    private final LoadRun run;
    final Loop loop;
    private final List<Session> sessions = new ArrayList<>();
    private final Map<Integer, Session> byCallId = new HashMap<>();
    private final ClientControlConnection core;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long timerAt;
    private boolean tearingDown;
    private boolean ended;
    private String phase = "TCP connect";

    ControlChannel(LoadRun run, Loop loop) {
        this.run = run;
        this.loop = loop;
        this.core = new ClientControlConnection(run.controlConfig(), this, run.controlStats());
    }

    void add(Session s) {
        sessions.add(s);
    }

    List<Session> sessions() {
        return sessions;
    }

    String phase() {
        return phase;
    }

    // ---- Netty

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long now = System.nanoTime();
        phase = "waiting for Start-Control-Connection-Reply";
        core.start(now, this);
        int serial = 0;
        for (Session s : sessions) {
            if (s.state != Session.State.PLACED) {
                continue; // given up while TCP was connecting
            }
            int id = run.reserveCallId(s);
            if (id < 0) {
                s.finish("no GRE Call ID left", now);
                continue;
            }
            byCallId.put(id, s);
            s.dialing(id);
            core.placeCall(id, ++serial, now, this);
        }
        reschedule();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            core.receive(frame.nioBuffer(), System.nanoTime(), this);
        } finally {
            frame.release();
        }
        reschedule();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.lowerDown(tearingDown ? "control connection closed" : "control connection closed by the server");
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ended();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** TCP never came up: every session fails with the reason. */
    void connectFailed(Throwable cause) {
        long now = System.nanoTime();
        String why = "connect: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().replaceAll(":? ?/?\\d+\\.\\d+\\.\\d+\\.\\d+(:\\d+)?", "").strip());
        for (Session s : sessions) {
            s.finish(why, now);
        }
        ended();
    }

    private void ended() {
        if (!ended) {
            ended = true;
            run.connectionEnded(this);
        }
    }

    // ---- ControlOutput

    @Override
    public void send(ControlMessage message) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ControlCodec.encode(message)));
    }

    @Override
    public void close(String reason) {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- ClientControlListener

    @Override
    public void started(StartControlConnectionReply reply) {
        phase = "waiting for Outgoing-Call-Reply";
    }

    @Override
    public void callConnected(ClientCall call) {
        Session s = byCallId.get(call.callId());
        if (s != null) {
            s.connected(call, System.nanoTime());
        }
    }

    @Override
    public void callFailed(ClientCall call, String reason) {
        Session s = byCallId.remove(call.callId());
        if (s != null) {
            s.finish("call: " + reason, System.nanoTime());
        }
        stopIfDone();
    }

    @Override
    public void callCleared(ClientCall call, String reason) {
        Session s = byCallId.remove(call.callId());
        if (s != null) {
            s.finish(reason, System.nanoTime());
        }
        stopIfDone();
    }

    @Override
    public void closed(String reason) {
        phase = "control connection closed";
        if (ctx != null && ctx.channel().isOpen()) {
            ctx.channel().close();
        }
    }

    // ---- for the sessions

    void peerActivity(long now) {
        core.peerActivity(now);
    }

    /** A session's PPP link closed: Call-Clear-Request. */
    void clearCall(Session s, long now) {
        core.clearCall(s.callId, now, this);
        reschedule();
    }

    /** A session is given up before its call connected. */
    void cancel(Session s, String reason, long now) {
        if (s.callId >= 0 && byCallId.containsKey(s.callId)) {
            core.clearCall(s.callId, now, this); // → callFailed → finish
        } else {
            s.finish(reason, now);
        }
        stopIfDone();
    }

    /** On the loop: every session closes (LCP Terminate-Request); the connection stops after its last call. */
    void teardown() {
        tearingDown = true;
        long now = System.nanoTime();
        for (Session s : List.copyOf(sessions)) {
            s.close("User request", now);
        }
        if (ctx == null) {
            return; // still connecting: the connect listener ends it
        }
        stopIfDone();
        reschedule();
    }

    /** On the loop: the rest of the way down, now. */
    void forceClose() {
        tearingDown = true;
        if (ctx != null) {
            ctx.channel().close();
        }
    }

    private void stopIfDone() {
        if ((tearingDown || run.options().churn()) && byCallId.isEmpty() && ctx != null && core.state() == ClientControlConnection.State.ESTABLISHED) {
            core.stop(System.nanoTime(), this);
            reschedule();
        }
    }

    /** Arms the one timer at the earliest deadline of the core and the sessions (earlier only: no churn per packet). */
    void reschedule() {
        if (ctx == null || ended) {
            return;
        }
        long d = core.nextDeadlineNanos();
        for (int i = 0; i < sessions.size(); i++) { // after every batch of packets: no iterator
            long sd = sessions.get(i).nextDeadlineNanos();
            if (sd != Long.MAX_VALUE && (d == Long.MAX_VALUE || sd - d < 0)) {
                d = sd;
            }
        }
        if (d == Long.MAX_VALUE) {
            return;
        }
        if (timer != null && d - timerAt >= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = d;
        timer = ctx.executor().schedule(this::onTimer, Math.max(0, d - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        long now = System.nanoTime();
        core.poll(now, this);
        for (Session s : List.copyOf(sessions)) {
            s.poll(now);
        }
        reschedule();
    }
}
