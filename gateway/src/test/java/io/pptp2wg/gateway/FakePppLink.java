package io.pptp2wg.gateway;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.ppp.PppLink;
import io.pptp2wg.ppp.PppLinkConfig;
import io.pptp2wg.ppp.PppLinkEvent;
import io.pptp2wg.ppp.PppOutput;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.LoginPolicy;

import java.nio.ByteBuffer;

/**
 * A stand-in PPP link for session-layer tests (not PPP): frame 0xC0 0x21 N is a command N
 * (1 = hello sent at start, 2 = "open the network phase", 5 = "terminate"); frame 0x21 + bytes
 * carries an IP packet both ways.
 */
final class FakePppLink implements PppLink {
    static final byte CMD = (byte) 0xC0;
    static final byte IP = 0x21;
    final PppLinkConfig config;
    boolean open;
    boolean down;
    int framesIn;
    /** The user whose network phase is held (the allocator said Pending). */
    String held;

    FakePppLink(PppLinkConfig config) {
        this.config = config;
    }

    @Override
    public void start(long nowNanos, PppOutput out) {
        out.sendFrame(ByteBuffer.wrap(new byte[] {CMD, 0x21, 1}));
    }

    @Override
    public void receiveFrame(ByteBuffer frame, long nowNanos, PppOutput out) {
        framesIn++;
        if (frame.remaining() >= 1 && frame.get(frame.position()) == IP) {
            frame.get();
            out.deliverIp(frame);
            return;
        }
        if (frame.remaining() == 3 && frame.get(frame.position()) == CMD) {
            switch (frame.get(frame.position() + 2)) {
                case 2 -> {
                    String user = "user" + config.client().hostName();
                    if (config.policy().check(user, config.client()) instanceof LoginPolicy.Decision.Refuse r) {
                        out.linkEvent(new PppLinkEvent.Refused(user, r.messageToClient()));
                        return;
                    }
                    out.linkEvent(new PppLinkEvent.Authenticated(user, AuthProtocol.MSCHAP_V2));
                    openNetwork(user, out);
                }
                case 3 -> out.linkEvent(new PppLinkEvent.AuthFailed("mallory", AuthProtocol.MSCHAP_V2, "wrong password"));
                case 5 -> out.linkEvent(new PppLinkEvent.Closed("terminated by peer"));
                default -> { }
            }
        }
    }

    /** As the server link: the address first; a Pending answer holds the network phase until resumed. */
    private void openNetwork(String user, PppOutput out) {
        var r = config.addresses().assign(user, AddressAllocator.Claim.NEW_SESSION);
        if (r instanceof AddressAllocator.Result.Pending) {
            held = user;
            return;
        }
        if (r instanceof AddressAllocator.Result.None none) {
            out.sendFrame(ByteBuffer.wrap(new byte[] {CMD, 0x21, 5}));
            out.linkEvent(new PppLinkEvent.Closed("No address available for " + user + ": " + none.why()));
            return;
        }
        int address = ((AddressAllocator.Result.Assigned) r).address();
        open = true;
        out.linkEvent(new PppLinkEvent.Opened(user, AuthProtocol.MSCHAP_V2, "128-bit stateless",
                config.localAddress(), address, 1400));
    }

    @Override
    public void resumeNetwork(long nowNanos, PppOutput out) {
        String user = held;
        held = null;
        if (user != null) {
            openNetwork(user, out);
        }
    }

    @Override
    public void sendIp(ByteBuffer ipPacket, long nowNanos, PppOutput out) {
        ByteBuffer f = ByteBuffer.allocate(1 + ipPacket.remaining());
        f.put(IP).put(ipPacket).flip();
        out.sendFrame(f);
    }

    @Override
    public void poll(long nowNanos, PppOutput out) {}

    @Override
    public long nextDeadlineNanos() {
        return Long.MAX_VALUE;
    }

    @Override
    public void close(String reason, long nowNanos, PppOutput out) {
        out.sendFrame(ByteBuffer.wrap(new byte[] {CMD, 0x21, 5}));
        out.linkEvent(new PppLinkEvent.Closed(reason));
    }

    @Override
    public void lowerDown(long nowNanos, PppOutput out) {
        down = true;
    }

    @Override
    public boolean isNetworkOpen() {
        return open;
    }
}
