package io.pptp2wg.gateway.gre;

import java.nio.ByteBuffer;

/** How calls send GRE: each event loop gets its own {@link Tx} (a buffer to build in, and a send). */
public interface GreTransport {
    Tx newTx();

    interface Tx {
        /** The packet is built here from index 0. */
        ByteBuffer buffer();

        /** Sends {@code length} octets from the start of {@link #buffer}; false if the system refused. */
        boolean send(int length, int destination);
    }

    /**
     * The raw socket as a transport for one event loop: packets are queued and sent together by sendmmsg(2) after
     * the loop's current task (or as soon as {@code batch} are queued), one system call for a burst instead of one
     * each. {@code refused} is told how many the kernel refused.
     */
    static GreTransport batched(RawGreSocket socket, java.util.concurrent.Executor loop, int batch,
                                java.util.function.IntConsumer refused) {
        return () -> new Tx() {
            private final RawGreSocket.TxBatch tx = new RawGreSocket.TxBatch(java.lang.foreign.Arena.ofAuto(), batch, 65_536);
            private boolean flushScheduled;
            private final Runnable flush = this::flush;

            @Override
            public ByteBuffer buffer() {
                return tx.buffer();
            }

            @Override
            public boolean send(int length, int destination) {
                if (tx.add(length, destination)) {
                    flush();
                } else if (!flushScheduled) {
                    flushScheduled = true;
                    loop.execute(flush);
                }
                return true;
            }

            private void flush() {
                flushScheduled = false;
                if (tx.queued() > 0) {
                    int n = socket.send(tx);
                    if (n > 0) {
                        refused.accept(n);
                    }
                }
            }
        };
    }

    /** The raw socket as a transport. */
    static GreTransport of(RawGreSocket socket) {
        return () -> {
            RawGreSocket.TxBuffer tx = new RawGreSocket.TxBuffer(java.lang.foreign.Arena.ofAuto(), 65_536);
            return new Tx() {
                @Override
                public ByteBuffer buffer() {
                    return tx.buffer();
                }

                @Override
                public boolean send(int length, int destination) {
                    return socket.send(tx, length, destination) == 0;
                }
            };
        };
    }
}
