package io.pptp2wg.tests.lab;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * tcpdump inside a lab namespace, writing a pcap: packets are written as they arrive
 * ({@code --immediate-mode -U}), so the file is complete as soon as {@link #stop()} returns.
 * {@link #start} returns once tcpdump is listening: nothing sent afterwards is missed.
 *
 * <pre>{@code
 * try (Capture cap = Capture.start(ns, "br0", "tcp port 1723 or ip proto 47")) {
 *     ... a session ...
 *     TsharkReport r = Tshark.check(cap.stop());
 *     assertThat(r.malformed()).as(r.describe()).isZero();
 * }
 * }</pre>
 */
public final class Capture implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on");

    private final Netns ns;
    private final LabProcess tcpdump;
    private final Path pcap;

    private Capture(Netns ns, LabProcess tcpdump, Path pcap) {
        this.ns = ns;
        this.tcpdump = tcpdump;
        this.pcap = pcap;
    }

    /**
     * Bytes kept of each packet by default: any frame of the lab's 1500-byte links whole. (With -s 0 libpcap
     * sizes every ring slot for 256 KiB, so its 2 MiB ring holds 8 packets and a burst is lost: "dropped by kernel".)
     */
    public static final int DEFAULT_SNAPLEN = 4096;
    /** The kernel ring for the capture, in KiB (tcpdump -B). */
    private static final int BUFFER_KIB = 16 * 1024;

    /** Captures on {@code device} (e.g. br0) with a pcap-filter expression, into the lab directory. */
    public static Capture start(Netns ns, String device, String filter) {
        return start(ns, device, filter, Lab.runDir().resolve(ns.name() + "-" + device + "-" + Lab.nextSequence() + ".pcap"));
    }

    public static Capture start(Netns ns, String device, String filter, Path pcap) {
        return start(ns, device, filter, pcap, DEFAULT_SNAPLEN);
    }

    /** With {@code snaplen} bytes of each packet (e.g. 96 for headers only: a long iperf3 run stays small). */
    public static Capture start(Netns ns, String device, String filter, Path pcap, int snaplen) {
        // -Z root: write the file as root (tcpdump would drop to its own user first)
        LabProcess p = LabProcess.start("tcpdump-" + device, Path.of(pcap + ".log"), ns.wrap(java.util.List.of(
                "tcpdump", "-i", device, "-n", "-s", Integer.toString(snaplen), "-B", Integer.toString(BUFFER_KIB),
                "-U", "--immediate-mode", "-Z", "root", "-w", pcap.toString(), filter)));
        if (!p.awaitLog(LISTENING, Duration.ofSeconds(20))) {
            String log = p.logText();
            p.close();
            throw new LabException("tcpdump did not start on " + device + " in " + ns + ": " + log.strip());
        }
        Capture c = new Capture(ns, p, pcap);
        ns.own(c);
        return c;
    }

    public Path pcap() {
        return pcap;
    }

    /**
     * The UDP payload length of each IPv4/UDP packet written to the pcap so far, in capture order (tcpdump -U writes
     * each packet as it reads it): a test waits for a packet it sent last to appear, rather than sleeping, before
     * {@link #stop()}, which would lose what tcpdump had not read yet. A record cut short by a concurrent write ends it.
     */
    public List<Integer> udpPayloadLengthsSoFar() {
        byte[] f;
        try {
            f = java.nio.file.Files.readAllBytes(pcap);
        } catch (java.io.IOException e) {
            return List.of();
        }
        List<Integer> lengths = new ArrayList<>();
        if (f.length < 24) {
            return lengths;
        }
        ByteBuffer b = ByteBuffer.wrap(f);
        int magic = b.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new LabException(pcap + ": not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        int linkHeader = switch (b.getInt(20) & 0xFFFF) {
            case 1 -> 14; // Ethernet
            case 113 -> 16; // Linux cooked
            case 276 -> 20; // Linux cooked v2
            case 101 -> 0; // raw IP
            default -> throw new LabException(pcap + ": link type " + (b.getInt(20) & 0xFFFF) + " not parsed here");
        };
        for (int at = 24; at + 16 <= f.length; ) {
            int captured = b.getInt(at + 8);
            int data = at + 16;
            if (captured < 0 || data + captured > f.length) {
                break;
            }
            int ip = data + linkHeader;
            int length = -1;
            if (captured >= linkHeader + 28 && (f[ip] & 0xF0) == 0x40 && f[ip + 9] == 17) {
                int ihl = (f[ip] & 0x0F) * 4;
                if (captured >= linkHeader + ihl + 8) {
                    length = (Short.toUnsignedInt(ByteBuffer.wrap(f, ip + ihl + 4, 2).getShort()) - 8);
                }
            }
            lengths.add(length);
            at = data + captured;
        }
        return lengths;
    }

    /** Ends the capture (SIGTERM: tcpdump flushes and closes the file); returns the pcap. */
    public Path stop() {
        tcpdump.stop(Duration.ofSeconds(10));
        return pcap;
    }

    /** Packets the kernel dropped before tcpdump read them (from its summary; 0 before {@link #stop()}). */
    public long droppedByKernel() {
        java.util.regex.Matcher m = Pattern.compile("(\\d+) packets? dropped by kernel").matcher(tcpdump.logText());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void close() {
        stop();
        tcpdump.close();
        ns.disown(this);
    }

    @Override
    public String toString() {
        return "capture " + pcap;
    }
}
