package io.pptp2wg.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The call's first GRE frame waits for its Outgoing-Call-Reply's write (issue 11): no clock, no sleep. */
class ReplyFirstTest {
    /** Holds every write until told: a TCP socket whose send buffer is full. */
    static final class HeldWrites extends ChannelOutboundHandlerAdapter {
        final List<ChannelPromise> held = new ArrayList<>();
        final List<String> wire;

        HeldWrites(List<String> wire) {
            this.wire = wire;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            io.netty.util.ReferenceCountUtil.release(msg);
            held.add(promise);
        }

        void complete() {
            for (ChannelPromise p : held) {
                wire.add("reply on TCP");
                p.setSuccess();
            }
            held.clear();
        }
    }

    final List<String> wire = new ArrayList<>();
    final HeldWrites socket = new HeldWrites(wire);
    final EmbeddedChannel channel = new EmbeddedChannel(socket);

    @Test
    void theFirstGreFrameWaitsForTheReplysWrite() {
        ChannelFuture reply = channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[32]));
        ReplyFirst.afterWritten(reply, () -> wire.add("LCP Configure-Request on GRE"));
        assertEquals(List.of(), wire, "nothing on GRE while the reply is still queued");

        socket.complete();
        channel.runPendingTasks();
        assertEquals(List.of("reply on TCP", "LCP Configure-Request on GRE"), wire);
    }

    @Test
    void aReplyAlreadyWrittenStartsTheCallAtOnce() {
        ChannelFuture reply = channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[32]));
        socket.complete();
        ReplyFirst.afterWritten(reply, () -> wire.add("LCP Configure-Request on GRE"));
        assertEquals(List.of("reply on TCP", "LCP Configure-Request on GRE"), wire);
    }

    @Test
    void aFailedReplyNeverStartsTheCall() {
        ChannelFuture reply = channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[32]));
        ReplyFirst.afterWritten(reply, () -> wire.add("LCP Configure-Request on GRE"));
        socket.held.getFirst().setFailure(new IOException("connection reset"));
        channel.runPendingTasks();
        assertFalse(wire.contains("LCP Configure-Request on GRE"));
    }
}
