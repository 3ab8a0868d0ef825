package io.pptp2wg.ppp.ipcp;

import io.pptp2wg.config.ppp.PppOptions;
import io.pptp2wg.ppp.PppProtocol;
import io.pptp2wg.ppp.fsm.ExtendedCode;
import io.pptp2wg.ppp.fsm.FsmIo;
import io.pptp2wg.ppp.fsm.NegotiatingProtocol;
import io.pptp2wg.ppp.fsm.OptionNegotiator;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/** IPCP (RFC 1332, RFC 1877) on the shared automaton, server or client side (the IP-Address option's role). */
public final class Ipcp extends NegotiatingProtocol {
    /** What IPCP tells the link. */
    public interface Listener {
        void ipcpUp();

        void ipcpDown();

        void ipcpFinished();
    }

    private final Listener listener;
    private final IpAddressOption address;
    private final Assignment assignment;
    private final List<NameServerOption> nameServers;

    /** The peer's address, settable after the option that reads it was built. */
    private static final class Assignment {
        int address;
    }

    private record Handlers(Assignment assignment, IpAddressOption address, OptionNegotiator negotiator,
                            List<NameServerOption> nameServers) {
        static Handlers server(PppOptions o, int local, int maxPacket) {
            Assignment a = new Assignment();
            return of(o, a, new IpAddressOption(local, () -> a.address), maxPacket);
        }

        static Handlers client(PppOptions o, int maxPacket) {
            return of(o, new Assignment(), IpAddressOption.client(0), maxPacket);
        }

        private static Handlers of(PppOptions o, Assignment a, IpAddressOption address, int maxPacket) {
            List<NameServerOption> ns = List.of(NameServerOption.primaryDns(o.msDns()), NameServerOption.secondaryDns(o.msDns()),
                    NameServerOption.primaryNbns(o.msWins()), NameServerOption.secondaryNbns(o.msWins()));
            return new Handlers(a, address, new OptionNegotiator(maxPacket, address, new IpCompressionOption(),
                    ns.get(0), ns.get(1), ns.get(2), ns.get(3)), ns);
        }
    }

    /** The server's IPCP: we are {@code localAddress}; the peer gets what {@link #assign} names. */
    public Ipcp(PppOptions options, int localAddress, Random random, Listener listener, FsmIo io, int maxPacket) {
        this(Handlers.server(options, localAddress, maxPacket), options, random, listener, io, maxPacket);
    }

    /** The client's IPCP: we ask for 0.0.0.0 and take the server's Nak; VJ and name servers are not asked for. */
    public static Ipcp client(PppOptions options, Random random, Listener listener, FsmIo io, int maxPacket) {
        return new Ipcp(Handlers.client(options, maxPacket), options, random, listener, io, maxPacket);
    }

    private Ipcp(Handlers h, PppOptions options, Random random, Listener listener, FsmIo io, int maxPacket) {
        super(h.negotiator(),
                "IPCP", PppProtocol.IPCP, options.ipcpLimits(), io, maxPacket, random.nextInt(256));
        this.address = h.address();
        this.assignment = h.assignment();
        this.nameServers = h.nameServers();
        this.listener = listener;
    }

    /**
     * This session's DNS and NBNS servers (at most two each, primary first) instead of ms-dns/ms-wins: what the
     * RADIUS server sent (RFC 2548 §2.6). An empty list leaves the options file's.
     */
    public void useNameServers(List<Integer> dns, List<Integer> nbns) {
        for (int i = 0; i < Math.min(2, dns.size()); i++) {
            nameServers.get(i).use(dns.get(i));
        }
        for (int i = 0; i < Math.min(2, nbns.size()); i++) {
            nameServers.get(2 + i).use(nbns.get(i));
        }
    }

    /** The address the peer's user was given; IPCP Naks the peer's request with it. */
    public void assign(int peerAddress) {
        assignment.address = peerAddress;
    }

    public int assigned() {
        return assignment.address;
    }

    /** The peer's address as acknowledged. */
    public int peerAddress() {
        return address.agreedPeer();
    }

    /** Our address as the peer acknowledged it (the client's assigned address), meaningful once Opened. */
    public int localAddress() {
        return address.ours();
    }

    public void start(long nowNanos) {
        fsm.up(nowNanos);
        fsm.open(nowNanos);
    }

    public void receive(ByteBuffer packet, long nowNanos) {
        fsm.receive(packet, nowNanos);
    }

    public void poll(long nowNanos) {
        fsm.poll(nowNanos);
    }

    public long deadline() {
        return fsm.deadline();
    }

    public void lowerDown(long nowNanos) {
        fsm.down(nowNanos);
    }

    public void close(String reason, long nowNanos) {
        fsm.close(reason, nowNanos);
    }

    @Override
    public void thisLayerUp() {
        listener.ipcpUp();
    }

    @Override
    public void thisLayerDown() {
        listener.ipcpDown();
    }

    @Override
    public void thisLayerStarted() {}

    @Override
    public void thisLayerFinished() {
        listener.ipcpFinished();
    }

    @Override
    public ExtendedCode classify(int code, int id, ByteBuffer data) {
        return ExtendedCode.UNKNOWN;
    }
}
