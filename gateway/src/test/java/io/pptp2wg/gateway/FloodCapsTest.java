package io.pptp2wg.gateway;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.gateway.gre.GreTransport;
import io.pptp2wg.pptp.control.ControlCodec;
import io.pptp2wg.pptp.control.ControlCounter;
import io.pptp2wg.pptp.control.ControlMessage;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallReply;
import io.pptp2wg.pptp.control.ControlMessage.OutgoingCallRequest;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionReply;
import io.pptp2wg.pptp.control.ControlMessage.StartControlConnectionRequest;
import io.pptp2wg.pptp.control.ControlProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The flood caps on loopback (no raw socket: GRE goes to a transport that drops it): connections per address,
 * half-open connections, calls per connection, and stimeout closing the half-open ones. Every wait is bounded.
 */
class FloodCapsTest {
    static final int LOCAL_TUNNEL = 0xC6336401;
    PptpGateway gateway;
    final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
    }

    private void start(FloodLimits floods, int stimeoutSeconds) throws InterruptedException {
        GatewaySettings settings = new GatewaySettings(Optional.of("127.0.0.1"), 50, stimeoutSeconds, false, false,
                LOCAL_TUNNEL, AddressList.parse("198.51.100.100-199").list().orElseThrow(), null, UserDirectory.empty(),
                List.of());
        gateway = new PptpGateway(GatewayOptions.of(settings, FakePppLink::new).withPort(0).withEventLoops(2)
                .withFloods(floods));
        GreTransport drop = () -> new GreTransport.Tx() {
            final ByteBuffer b = ByteBuffer.allocate(65_536);

            @Override
            public ByteBuffer buffer() {
                return b;
            }

            @Override
            public boolean send(int length, int destination) {
                return true;
            }
        };
        gateway.start(drop, 0x7F000001);
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), gateway.boundPort()), 2000);
        s.setSoTimeout(3000);
        return s;
    }

    private static void send(Socket s, ControlMessage m) throws IOException {
        ByteBuffer b = ControlCodec.encode(m);
        s.getOutputStream().write(b.array(), 0, b.remaining());
        s.getOutputStream().flush();
    }

    private static ControlMessage read(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length = in.readUnsignedShort();
        byte[] b = new byte[length];
        b[0] = (byte) (length >> 8);
        b[1] = (byte) length;
        in.readFully(b, 2, length - 2);
        return ((ControlCodec.Decoded.Ok) ControlCodec.decode(ByteBuffer.wrap(b))).message();
    }

    private static void startControl(Socket s) throws IOException {
        send(s, new StartControlConnectionRequest(ControlProtocol.PROTOCOL_VERSION, 1, 1, 0, 1, "flood", "test"));
        assertInstanceOf(StartControlConnectionReply.class, read(s));
    }

    private long count(ControlCounter c) {
        return gateway.stats().control().get(c);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting for " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a poll with a deadline, not a timed wait
        }
    }

    @Test
    void capsHoldPerAddressHalfOpenAndPerConnection() throws Exception {
        start(new FloodLimits(4, 6, 2), 30);
        for (int i = 0; i < 10; i++) {
            connect("127.0.0.2");                                   // half-open: no SCCRQ
        }
        await("six refusals from 127.0.0.2", () -> count(ControlCounter.CONNECTIONS_REFUSED_PER_SOURCE) == 6);
        Socket other = connect("127.0.0.3");                        // another address still gets in
        connect("127.0.0.3");
        await("six half-open", () -> gateway.caps().halfOpen() == 6);
        connect("127.0.0.4");                                       // the seventh half-open one: refused
        await("one half-open refusal", () -> count(ControlCounter.CONNECTIONS_REFUSED_HALF_OPEN) == 1);
        startControl(other);                                        // no longer half-open: room for one more
        await("five half-open", () -> gateway.caps().halfOpen() == 5); // (the reply leaves just before the count)
        Socket third = connect("127.0.0.4");
        startControl(third);
        assertEquals(1, count(ControlCounter.CONNECTIONS_REFUSED_HALF_OPEN));

        for (int call = 1; call <= 3; call++) {
            send(other, new OutgoingCallRequest(call, call, 2400, 10_000_000, 3, 3, 3, 0, "", ""));
            OutgoingCallReply r = (OutgoingCallReply) read(other);
            assertEquals(call <= 2 ? ControlProtocol.OCRP_CONNECTED : ControlProtocol.OCRP_GENERAL_ERROR,
                    r.resultCode(), r.toString());
        }
        assertEquals(1, count(ControlCounter.CALLS_REFUSED_PER_CONNECTION));
    }

    @Test
    void stimeoutEndsHalfOpenConnectionsAndFreesTheirPlaces() throws Exception {
        start(new FloodLimits(3, 0, 0), 1);
        Socket[] s = {connect("127.0.0.2"), connect("127.0.0.2"), connect("127.0.0.2")};
        for (Socket x : s) {
            assertEquals(-1, x.getInputStream().read(), "closed by stimeout");
        }
        await("three start timeouts", () -> count(ControlCounter.START_TIMEOUTS) == 3);
        Socket again = connect("127.0.0.2");
        startControl(again);
        assertEquals(0, count(ControlCounter.CONNECTIONS_REFUSED_PER_SOURCE));
    }
}
