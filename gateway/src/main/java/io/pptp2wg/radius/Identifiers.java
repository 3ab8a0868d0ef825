package io.pptp2wg.radius;

import org.aaa4j.radius.core.packet.PacketIdGenerator;

import java.util.Random;

/**
 * The Identifiers in use toward each server of a client's list (RFC 2865 §3: one octet, so at most 256 requests
 * waiting at one server, each told apart by it), with the request that holds each. Each server's Identifiers are
 * handed out in turn from a random first one, so a restarted client does not reuse the last run's at once.
 *
 * @param <R> the client's record of a waiting request
 */
final class Identifiers<R> {
    /** RFC 2865 §3: the Identifier is one octet. */
    static final int PER_SERVER = 256;

    private final Object[][] holders;
    private final int[] cursor;
    /** The Identifier {@link #take} chose last, which the codec writes into the request it encodes next. */
    private int chosen;

    Identifiers(int servers, Random random) {
        holders = new Object[servers][PER_SERVER];
        cursor = new int[servers];
        for (int i = 0; i < servers; i++) {
            cursor[i] = random.nextInt(PER_SERVER);
        }
    }

    /** A free Identifier of {@code server}, now held by {@code request}; -1 when all 256 are held. */
    int take(int server, R request) {
        for (int k = 0; k < PER_SERVER; k++) {
            int id = (cursor[server] + k) & 0xff;
            if (holders[server][id] == null) {
                cursor[server] = (id + 1) & 0xff;
                holders[server][id] = request;
                chosen = id;
                return id;
            }
        }
        return -1;
    }

    /** The request holding {@code id} at {@code server}, or null. */
    @SuppressWarnings("unchecked")
    R holder(int server, int id) {
        return (R) holders[server][id];
    }

    /** Frees {@code id} at {@code server} if {@code request} holds it. */
    void release(int server, int id, R request) {
        if (server >= 0 && id >= 0 && holders[server][id] == request) {
            holders[server][id] = null;
        }
    }

    boolean hasFree(int server) {
        for (Object r : holders[server]) {
            if (r == null) {
                return true;
            }
        }
        return false;
    }

    /** For aaa4j-radius's codec: the Identifier chosen by the last {@link #take}. */
    PacketIdGenerator forCodec() {
        return () -> chosen;
    }
}
