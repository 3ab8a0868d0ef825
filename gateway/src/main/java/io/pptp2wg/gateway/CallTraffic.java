package io.pptp2wg.gateway;

import io.pptp2wg.session.SessionCounters;

/**
 * What a session carried, in IP packets and their octets each way. Written on the call's loop only; read from any
 * thread (plain longs: 64-bit writes do not tear on the JVMs we run on, and a reader may be one packet behind).
 */
final class CallTraffic {
    private long bytesFromClient;
    private long bytesToClient;
    private long packetsFromClient;
    private long packetsToClient;

    void fromClient(int bytes) {
        packetsFromClient++;
        bytesFromClient += bytes;
    }

    void toClient(int bytes) {
        packetsToClient++;
        bytesToClient += bytes;
    }

    SessionCounters snapshot() {
        return new SessionCounters(bytesFromClient, bytesToClient, packetsFromClient, packetsToClient);
    }
}
