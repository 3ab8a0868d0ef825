package io.pptp2wg.gateway;

import io.netty.channel.ChannelFuture;

/**
 * A call's first GRE frame (our LCP Configure-Request) goes out only once its Outgoing-Call-Reply is written to the
 * TCP socket. A client may drop GRE for a call it has not yet seen connected (RFC 2637 §2.8: the call exists once
 * the reply says Connected); our GRE takes the raw socket, the reply the TCP socket, so without this order the
 * frame could leave first and the client would wait a full LCP restart period for the next Configure-Request.
 * The control core emits the reply before {@code opened}; this edge sequences the two on the wire.
 */
final class ReplyFirst {
    private ReplyFirst() {}

    /**
     * Runs {@code start} once {@code write} (the reply, or null when nothing was written) has completed: at once if
     * it has, else from the write's listener, on the channel's event loop. A failed write never starts the call:
     * the connection is going, and its calls are cleared with it.
     */
    static void afterWritten(ChannelFuture write, Runnable start) {
        if (write == null) {
            start.run();
        } else if (write.isDone()) {
            if (write.isSuccess()) {
                start.run();
            }
        } else {
            write.addListener(f -> {
                if (f.isSuccess()) {
                    start.run();
                }
            });
        }
    }
}
