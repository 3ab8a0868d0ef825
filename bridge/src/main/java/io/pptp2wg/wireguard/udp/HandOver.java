package io.pptp2wg.wireguard.udp;

import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.messages.HandshakeResponse;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.messages.TransportData;
import io.pptp2wg.wireguard.tunnel.Disposition;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Where the kernel's steering ({@link ReuseportSteering}) could not put a datagram on its identity's lane (an
 * initiation, a kernel without the program): the lane that got it hands a copy to the lane that owns it.
 */
final class HandOver {
    private final Lane[] lanes;
    private final SocketCounters counters;

    /** @param lanes the socket's lanes (filled while they open: a null one is still opening) */
    HandOver(Lane[] lanes, SocketCounters counters) {
        this.lanes = lanes;
        this.counters = counters;
    }

    /** Another lane's index goes to that lane; an initiation nobody here knows goes round the lanes once. */
    void handOver(Lane at, InetSocketAddress from, byte[] buf, int len, int lanesLeft) {
        int type = buf[0] & 0xFF;
        Lane to;
        int left;
        if (type == MessageType.HANDSHAKE_INITIATION.wireValue) {
            if (lanesLeft <= 1) {
                at.device.countUnattributed(Disposition.BAD_MAC1); // no lane's identity made its MAC1
                return;
            }
            to = lanes[(at.index + 1) % lanes.length];
            left = lanesLeft - 1;
        } else {
            int offset = type == MessageType.HANDSHAKE_RESPONSE.wireValue ? HandshakeResponse.RECEIVER : TransportData.RECEIVER;
            int receiver = Bytes.getIntLE(buf, offset);
            to = lanes[Device.laneOf(receiver, lanes.length)];
            left = 1;
        }
        if (to == null) {
            return; // still opening
        }
        counters.handedOver.increment();
        byte[] copy = Arrays.copyOf(buf, len);
        to.loop.execute(() -> {
            to.receive(from, copy, len, left);
            to.flushNow();
        });
    }
}
