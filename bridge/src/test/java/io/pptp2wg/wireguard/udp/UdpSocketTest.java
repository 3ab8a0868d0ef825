package io.pptp2wg.wireguard.udp;

import io.pptp2wg.os.Libc;
import io.pptp2wg.os.RecvBatch;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Our own UDP socket on loopback (127.0.0.1 only): batches both ways, datagrams too long for a slot, close. */
class UdpSocketTest {
    private static final int LOOPBACK = 0x7F000001;

    @Test
    void sendsAndReceivesBatches() throws Exception {
        assumeTrue(isLinux());
        try (Arena arena = Arena.ofConfined();
             UdpSocket a = UdpSocket.open(LOOPBACK, 0, false, 1 << 20);
             UdpSocket b = UdpSocket.open(LOOPBACK, 0, false, 1 << 20)) {
            assertNotEquals(0, a.localPort());
            assertEquals(LOOPBACK, a.localAddress());
            assertTrue(b.socketOption(Libc.SO_RCVBUF) > 0);
            UdpSocket.TxBatch tx = new UdpSocket.TxBatch(arena, 8, 2048, false);
            RecvBatch rx = new RecvBatch(arena, 4, 2048, true);
            byte[][] sent = new byte[10][];
            int total = 0;
            for (int i = 0; i < sent.length; i++) {
                sent[i] = datagram(i, 1 + i * 150);
                boolean full = tx.add(sent[i], 0, sent[i].length, LOOPBACK, b.localPort());
                assertEquals(tx.queued() == 0 ? false : full, full);
                if (full) {
                    assertEquals(0, a.send(tx));
                    assertEquals(0, tx.queued());
                }
            }
            assertEquals(2, tx.queued());
            assertEquals(0, a.send(tx));
            byte[][] got = new byte[sent.length][];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (total < sent.length && System.nanoTime() - deadline < 0) {
                int n = b.receive(rx);
                assertTrue(n <= rx.count());
                for (int i = 0; i < n; i++) {
                    assertFalse(rx.truncated(i));
                    assertEquals(LOOPBACK, rx.sourceAddress(i));
                    assertEquals(a.localPort(), rx.sourcePort(i));
                    got[total++] = rx.data(i).asSlice(0, rx.length(i)).toArray(ValueLayout.JAVA_BYTE);
                }
                if (n == 0) {
                    Readiness.awaitReadable(b.fd(), deadline);
                }
            }
            assertEquals(sent.length, total);
            for (int i = 0; i < sent.length; i++) {
                assertArrayEquals(sent[i], got[i], "datagram " + i);
            }
            assertEquals(0, b.receive(rx), "nothing more waiting: 0, no exception");
        }
    }

    @Test
    void datagramLongerThanItsSlotIsMarkedTruncated() throws Exception {
        assumeTrue(isLinux());
        try (Arena arena = Arena.ofConfined();
             UdpSocket a = UdpSocket.open(LOOPBACK, 0, false, 0);
             UdpSocket b = UdpSocket.open(LOOPBACK, 0, false, 0)) {
            UdpSocket.TxBatch tx = new UdpSocket.TxBatch(arena, 4, 4096, false);
            RecvBatch rx = new RecvBatch(arena, 4, 64, true);
            tx.add(datagram(1, 64), 0, 64, LOOPBACK, b.localPort());   // fits exactly
            tx.add(datagram(2, 65), 0, 65, LOOPBACK, b.localPort());   // one octet too many
            tx.add(datagram(3, 3000), 0, 3000, LOOPBACK, b.localPort());
            assertEquals(0, a.send(tx));
            boolean[] truncated = new boolean[3];
            int[] lengths = new int[3];
            int total = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (total < 3 && System.nanoTime() - deadline < 0) {
                int n = b.receive(rx);
                for (int i = 0; i < n; i++) {
                    truncated[total] = rx.truncated(i);
                    lengths[total++] = rx.length(i);
                }
                if (n == 0) {
                    Readiness.awaitReadable(b.fd(), deadline);
                }
            }
            assertEquals(3, total);
            assertFalse(truncated[0]);
            assertEquals(64, lengths[0]);
            assertTrue(truncated[1]);
            assertTrue(truncated[2]);
            assertTrue(lengths[1] <= 64 && lengths[2] <= 64, "never more than the slot: " + Arrays.toString(lengths));
        }
    }

    @Test
    void gsoJoinsEqualDatagramsToOneDestinationAndTheyArriveApart() throws Exception {
        assumeTrue(isLinux());
        try (Arena arena = Arena.ofConfined();
             UdpSocket a = UdpSocket.open(LOOPBACK, 0, false, 1 << 20);
             UdpSocket b = UdpSocket.open(LOOPBACK, 0, false, 1 << 20);
             UdpSocket c = UdpSocket.open(LOOPBACK, 0, false, 1 << 20)) {
            UdpSocket.TxBatch tx = new UdpSocket.TxBatch(arena, 16, 2048, true);
            int[] lengths = {1440, 1440, 1440, 1440, 500, 1440, 1440, 1600, 90, 90};
            int[] to = {b.localPort(), b.localPort(), b.localPort(), b.localPort(), b.localPort(), b.localPort(),
                    c.localPort(), c.localPort(), c.localPort(), c.localPort()};
            byte[][] sent = new byte[lengths.length][];
            for (int i = 0; i < lengths.length; i++) {
                sent[i] = datagram(i, lengths[i]);
                tx.add(sent[i], 0, lengths[i], LOOPBACK, to[i], i == 1 ? 8 : 7); // datagram 1 of another flow
            }
            // to b: 1440, 1440 (another flow), 1440 x2 + 500 (the shorter last), 1440 (nothing after a shorter one);
            // to c: 1440, 1600 (longer: a new one) + 90, 90 (nothing after a shorter one)
            assertEquals(7, tx.messages());
            assertEquals(0, a.send(tx));
            assertTrue(tx.gso, "the kernel took the GSO messages");
            byte[][] atB = receive(b, arena, 6);
            byte[][] atC = receive(c, arena, 4);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(sent[i], atB[i], "datagram " + i);
            }
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(sent[6 + i], atC[i], "datagram " + (6 + i));
            }
        }
    }

    private static byte[][] receive(UdpSocket s, Arena arena, int expected) throws Exception {
        RecvBatch rx = new RecvBatch(arena, 8, 4096, true);
        byte[][] got = new byte[expected][];
        int total = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (total < expected && System.nanoTime() - deadline < 0) {
            int n = s.receive(rx);
            for (int i = 0; i < n && total < expected; i++) {
                assertFalse(rx.truncated(i));
                got[total++] = rx.data(i).asSlice(0, rx.length(i)).toArray(ValueLayout.JAVA_BYTE);
            }
            if (n == 0) {
                Readiness.awaitReadable(s.fd(), deadline);
            }
        }
        assertEquals(expected, total);
        assertEquals(0, s.receive(rx), "no more than that");
        return got;
    }

    @Test
    void refusesToQueueWhatItsSlotCannotHold() {
        assumeTrue(isLinux());
        try (Arena arena = Arena.ofConfined()) {
            UdpSocket.TxBatch tx = new UdpSocket.TxBatch(arena, 2, 100, true);
            assertThrows(IllegalArgumentException.class, () -> tx.add(new byte[101], 0, 101, LOOPBACK, 9));
            assertEquals(0, tx.queued());
            assertFalse(tx.add(new byte[100], 0, 100, LOOPBACK, 9));
            assertTrue(tx.add(new byte[1], 0, 1, LOOPBACK, 9), "full");
            assertThrows(IllegalArgumentException.class, () -> tx.add(new byte[1], 0, 1, LOOPBACK, 9), "no room left");
        }
    }

    @Test
    void sharesAPortOnlyWithReusePortAndFreesItOnClose() throws Exception {
        assumeTrue(isLinux());
        UdpSocket first = UdpSocket.open(LOOPBACK, 0, true, 0);
        int port = first.localPort();
        try (UdpSocket second = UdpSocket.open(LOOPBACK, port, true, 0)) {
            assertEquals(port, second.localPort());
        }
        UdpSocket.UdpSocketException e = assertThrows(UdpSocket.UdpSocketException.class,
                () -> UdpSocket.open(LOOPBACK, port, false, 0));
        assertEquals(Libc.EADDRINUSE, e.errno);
        first.close();
        assertFalse(first.isOpen());
        first.close(); // twice is harmless
        try (UdpSocket again = UdpSocket.open(LOOPBACK, port, false, 0)) {
            assertEquals(port, again.localPort(), "the port is free once closed");
        }
    }

    private static byte[] datagram(int seed, int length) {
        byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            d[i] = (byte) (seed * 31 + i);
        }
        return d;
    }

    private static boolean isLinux() {
        return System.getProperty("os.name").toLowerCase().contains("linux");
    }
}
