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
