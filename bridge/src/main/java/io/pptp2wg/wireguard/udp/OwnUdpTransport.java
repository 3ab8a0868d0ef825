package io.pptp2wg.wireguard.udp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.os.Libc;
import io.pptp2wg.os.RecvBatch;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.messages.TransportData;
import io.pptp2wg.wireguard.tunnel.Disposition;
import io.pptp2wg.wireguard.tunnel.TunnelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A lane's own non-blocking IPv4 UDP socket ({@link UdpSocket}, through the foreign function API), registered with
 * the lane's epoll loop: datagrams are taken by recvmmsg(2) into preallocated native slots and sent by sendmmsg(2),
 * no object per datagram.
 */
final class OwnUdpTransport implements LaneTransport {
    private static final Logger LOG = LoggerFactory.getLogger(OwnUdpTransport.class);

    /** Datagrams per recvmmsg, and how many such batches one readiness event takes at most. */
    static final int RECV_BATCH = 32;
    static final int BATCHES_PER_EVENT = 8;
    /** Datagrams per sendmmsg (a fuller batch is sent at once), each slot the largest UDP payload. */
    static final int SEND_BATCH = 32;

    private final Lane lane;
    private final UdpSocket udp;
    private final SocketCounters counters;
    private final RecvBatch rxBatch;
    private final UdpSocket.TxBatch txBatch;
    private final byte[] rx = new byte[TunnelContext.MAX_DATAGRAM];
    private IoRegistration registration;
    /** The last source seen and its address object (a backend is one endpoint: no object per datagram). */
    private int lastFromAddress;
    private int lastFromPort = -1;
    private InetSocketAddress lastFrom;
    /** The last destination object and its address as an int (the identity's endpoint: the same object each time). */
    private InetSocketAddress lastTo;
    private int lastToAddress;
    /** What the batches did (read on the loop, and logged when the socket closes). */
    private long flushes;
    private long datagramsSent;
    private long messagesSent;
    private long readRounds;
    private long datagramsRead;

    private OwnUdpTransport(Lane lane, UdpSocket udp, SocketCounters counters, boolean gso) {
        this.lane = lane;
        this.udp = udp;
        this.counters = counters;
        Arena arena = Arena.ofAuto(); // the batches live as long as the lane
        this.rxBatch = new RecvBatch(arena, RECV_BATCH, WireGuardSocket.MAX_RECEIVED, true);
        this.txBatch = new UdpSocket.TxBatch(arena, SEND_BATCH, TunnelContext.MAX_DATAGRAM, gso);
    }

    /** Opens the socket on {@code bind} (IPv4) and registers it with the lane's loop for reading. */
    static OwnUdpTransport open(Lane lane, InetSocketAddress bind, boolean reusePort, int bufferBytes,
                                SocketCounters counters, boolean gso) throws InterruptedException {
        int address = Ipv4.fromInetAddress((Inet4Address) bind.getAddress());
        UdpSocket udp;
        try {
            udp = UdpSocket.open(address, bind.getPort(), reusePort, bufferBytes);
        } catch (UdpSocket.UdpSocketException e) {
            throw new IllegalStateException("WireGuard UDP socket on " + bind + ": " + e.getMessage(), e);
        }
        OwnUdpTransport t = new OwnUdpTransport(lane, udp, counters, gso);
        try {
            t.registration = ((IoEventLoop) lane.loop).register(t.new Reader()).sync().getNow();
            t.registration.submit(EpollIoOps.EPOLLIN);
        } catch (RuntimeException | InterruptedException e) {
            udp.close();
            throw e;
        }
        return t;
    }

    // ------------------------------------------------------------------------- reading

    /** The socket as Netty sees it: a descriptor epoll watches, read by the transport on the lane's loop. */
    private final class Reader implements EpollIoHandle {
        private final FileDescriptor fd = new FileDescriptor(udp.fd());

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            readBatches();
        }

        @Override
        public void close() {
            // the transport closes its socket (close() below)
        }
    }

    /** On the loop, when epoll says the socket is readable: batches of datagrams to the lane, then one send. */
    private void readBatches() {
        if (!udp.isOpen()) {
            return;
        }
        try {
            for (int round = 0; round < BATCHES_PER_EVENT; round++) {
                int n = udp.receive(rxBatch);
                readRounds++;
                datagramsRead += n;
                for (int i = 0; i < n; i++) {
                    if (rxBatch.truncated(i)) { // longer than any message a PPP link's packet makes
                        lane.device.countUnattributed(Disposition.BAD_LENGTH);
                        continue;
                    }
                    int len = rxBatch.length(i);
                    MemorySegment.copy(rxBatch.data(i), ValueLayout.JAVA_BYTE, 0, rx, 0, len);
                    lane.receive(endpointOf(rxBatch.sourceAddress(i), rxBatch.sourcePort(i)), rx, len);
                }
                if (n < rxBatch.count()) {
                    break;
                }
            }
        } catch (UdpSocket.UdpSocketException e) {
            LOG.error("WireGuard lane {} stopped reading: {}", lane.index, e.getMessage());
            registration.cancel();
        } finally {
            lane.flushNow();
        }
    }

    /** The address object for a source, made only when the source changes. */
    private InetSocketAddress endpointOf(int address, int port) {
        if (lastFrom == null || address != lastFromAddress || port != lastFromPort) {
            lastFrom = new InetSocketAddress(Ipv4.toInetAddress(address), port);
            lastFromAddress = address;
            lastFromPort = port;
        }
        return lastFrom;
    }

    // ------------------------------------------------------------------------- writing (LaneTransport)

    @Override
    public boolean write(InetSocketAddress endpoint, byte[] message, int offset, int length) {
        if (endpoint != lastTo) {
            if (!(endpoint.getAddress() instanceof Inet4Address a)) { // our socket is IPv4
                counters.writeDrops.increment();
                if (counters.warnedNotIpv4.compareAndSet(false, true)) {
                    LOG.warn("WireGuard: endpoint {} is not an IPv4 address: dropped (set -D{}=true for Netty's"
                            + " dual-stack channel)", endpoint, WireGuardSocket.NETTY_PROPERTY);
                }
                return false;
            }
            lastToAddress = Ipv4.fromInetAddress(a);
            lastTo = endpoint;
        }
        if (length > txBatch.capacity()) {
            counters.writeDrops.increment();
            return false;
        }
        // with UDP GSO, transport data of one receiver index may be joined (a steering receiver keeps them
        // together); without it nothing is joined and the receiver index is not looked at
        long flow = txBatch.gso && length >= TransportData.MIN_SIZE && message[offset] == MessageType.TRANSPORT_DATA.wireValue
                ? Integer.toUnsignedLong(Bytes.getIntLE(message, offset + TransportData.RECEIVER)) : UdpSocket.TxBatch.ALONE;
        if (txBatch.add(message, offset, length, lastToAddress, endpoint.getPort(), flow)) {
            flush(); // a full batch goes now
        }
        return true;
    }

    @Override
    public void flush() {
        if (!udp.isOpen()) { // a task left on the loop after close
            counters.writeDrops.add(txBatch.queued());
            txBatch.clear();
            return;
        }
        if (txBatch.queued() > 0) {
            flushes++;
            datagramsSent += txBatch.queued();
            messagesSent += txBatch.messages();
            int refused = udp.send(txBatch);
            if (refused > 0) {
                counters.writeDrops.add(refused);
            }
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress(Ipv4.toInetAddress(udp.localAddress()), udp.localPort());
    }

    @Override
    public int descriptor() {
        return udp.fd();
    }

    @Override
    public Object receiveBufferBytes() {
        return udp.socketOption(Libc.SO_RCVBUF);
    }

    @Override
    public String describe() {
        return "own UDP socket per lane, recvmmsg/sendmmsg";
    }

    /**
     * Takes the socket off the loop and closes it on the loop (every use of it is there, so nothing touches the
     * descriptor number after it is closed and perhaps reused), or here when the loop has stopped.
     */
    @Override
    public void close() {
        if (!lane.loop.isShuttingDown()) {
            try {
                lane.onLoop(() -> {
                    if (registration != null) {
                        registration.cancel();
                    }
                    udp.close();
                    return null;
                }).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("WireGuard socket: closing on its loop: {}", e.toString());
            }
        }
        udp.close(); // no-op when closed above
        LOG.info("WireGuard lane {}: {} datagrams read in {} recvmmsg calls; {} sent in {} sendmmsg calls as {} messages"
                + " (UDP GSO {})", lane.index, datagramsRead, readRounds, datagramsSent, flushes, messagesSent,
                txBatch.gso ? "on" : "off");
    }
}
