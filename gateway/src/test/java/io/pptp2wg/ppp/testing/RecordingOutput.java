package io.pptp2wg.ppp.testing;

import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.PppOutput;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Keeps copies of what the server link produces. */
public final class RecordingOutput implements PppOutput {
    public final Deque<byte[]> frames = new ArrayDeque<>();
    public final List<byte[]> ips = new ArrayList<>();
    public final List<PppLinkEvent> events = new ArrayList<>();

    static byte[] copy(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Override
    public void sendFrame(ByteBuffer frame) {
        frames.add(copy(frame));
    }

    @Override
    public void deliverIp(ByteBuffer ipPacket) {
        ips.add(copy(ipPacket));
    }

    @Override
    public void linkEvent(PppLinkEvent event) {
        events.add(event);
    }

    public <T extends PppLinkEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
