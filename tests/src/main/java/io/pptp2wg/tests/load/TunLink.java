package io.pptp2wg.tests.load;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.gateway.gre.GreEndpoint;
import io.pptp2wg.gateway.gre.GreInbox;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One session attached to a TUN device in the load generator's namespace, so that the kernel's own
 * TCP (iperf3 bound to the device) runs through the session: packets the kernel routes to the device
 * go into the session's PPP link, packets from the link are written to the device. The device gets the
 * session's address with the server's tunnel address as its peer ({@code ip addr add LOCAL peer
 * REMOTE}), as pppd configures ppp0. A reader thread per device (there are only a few) hands packets
 * to the session's loop through a single-producer inbox; writes happen on the loop.
 */
final class TunLink implements GreEndpoint, AutoCloseable {
    private static final int INBOX_SLOTS = 1024;
    private static final int MAX_PACKET = 65_535;
    private static final int POLL_MILLIS = 200;

    private final TunDevice device;
    private final Session session;
    private final GreInbox inbox;
    private final Arena arena = Arena.ofAuto();
    private final TunDevice.Io writeIo;
    private final byte[] writeScratch = new byte[MAX_PACKET];
    private final MemorySegment writeScratchSegment = MemorySegment.ofArray(writeScratch);
    private final Thread reader;
    private volatile boolean running = true;
    long readDrops;
    long writeDrops;

    private TunLink(TunDevice device, Session session) {
        this.device = device;
        this.session = session;
        this.inbox = new GreInbox(session.loop.executor, INBOX_SLOTS, MAX_PACKET);
        this.writeIo = new TunDevice.Io(arena, MAX_PACKET);
        this.reader = Thread.ofPlatform().name("tun-" + device.name()).daemon().unstarted(this::readLoop);
    }

    /**
     * Creates device {@code name} for an up session and configures it (in the calling thread's namespace),
     * with MTU {@code mtu}; the caller then hands it to the session on its loop.
     */
    static TunLink create(Session session, String name, int mtu) {
        TunDevice device = TunDevice.open(name);
        try {
            run("ip", "addr", "add", Ipv4.format(session.localAddress), "peer", Ipv4.format(session.peerAddress) + "/32",
                    "dev", name);
            run("ip", "link", "set", "dev", name, "mtu", Integer.toString(mtu), "up");
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
        TunLink link = new TunLink(device, session);
        link.reader.start();
        return link;
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!p.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": timed out");
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + out);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    String name() {
        return device.name();
    }

    private void readLoop() {
        try (Arena readArena = Arena.ofConfined()) {
            TunDevice.Io io = new TunDevice.Io(readArena, MAX_PACKET);
            while (running) {
                int n = device.read(io, POLL_MILLIS);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    continue;
                }
                if (inbox.offer(io.data, 0, n, this)) {
                    inbox.wake();
                } else {
                    readDrops++;
                }
            }
        }
    }

    // ---- GreEndpoint: the inbox's consumer side, on the session's loop

    @Override
    public int peerAddress() {
        return 0;
    }

    @Override
    public GreInbox inbox() {
        return inbox;
    }

    @Override
    public void onGre(ByteBuffer ipPacket) {
        session.sendIp(ipPacket);
    }

    /** On the loop: a packet from the session for the kernel. */
    void write(ByteBuffer ip) {
        int n = ip.remaining();
        if (!running || n > MAX_PACKET) {
            return;
        }
        ip.get(ip.position(), writeScratch, 0, n);
        MemorySegment.copy(writeScratchSegment, 0, writeIo.data, 0, n);
        if (!device.write(writeIo, n)) {
            writeDrops++;
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            reader.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        device.close();
    }
}
