package io.pptp2wg.tests.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency the gateway adds to a packet, measured from outside it: two captures with kernel timestamps
 * (nanoseconds) taken in the gateway's namespace, one on its client-side interface (GRE) and one on its
 * backend-side interface (WireGuard over UDP), each holding only the probe flow (packets of one size that no
 * other traffic has). A probe packet enters on one interface and leaves on the other; the probes of one session
 * are relayed in order, and far apart compared to the latency, so the k-th departure after an arrival is its
 * own. Arrivals with no departure before the next arrival (lost) are left out and counted.
 */
final class PacketLatency {
    private PacketLatency() {}

    /** One captured IPv4 packet: when, from where. */
    record Packet(long nanos, int source) {}

    /** Per direction: matched pairs' latency in nanoseconds (sorted), and the arrivals that had no departure. */
    record Direction(long[] sortedNanos, int arrivals, int unmatched) {
        long percentile(double p) {
            if (sortedNanos.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))];
        }

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("arrivals", arrivals);
            m.put("matched", sortedNanos.length);
            m.put("unmatched", unmatched);
            m.put("p50Micros", percentile(50) / 1e3);
            m.put("p90Micros", percentile(90) / 1e3);
            m.put("p99Micros", percentile(99) / 1e3);
            m.put("maxMicros", sortedNanos.length == 0 ? -1 : sortedNanos[sortedNanos.length - 1] / 1e3);
            m.put("meanMicros", sortedNanos.length == 0 ? -1 : Arrays.stream(sortedNanos).average().orElse(-1) / 1e3);
            return m;
        }
    }

    /**
     * @param clientSide capture on the gateway's interface toward the clients (GRE)
     * @param backendSide capture on the gateway's interface toward the backend (UDP)
     * @param gatewayClientAddress the gateway's address on the client side (departures toward clients come from it)
     * @param gatewayBackendAddress the gateway's address on the backend side (departures toward the backend)
     */
    static Map<String, Object> analyse(Path clientSide, Path backendSide, int gatewayClientAddress,
                                       int gatewayBackendAddress) throws IOException {
        List<Packet> c = read(clientSide);
        List<Packet> b = read(backendSide);
        List<Packet> greIn = c.stream().filter(p -> p.source() != gatewayClientAddress).toList();
        List<Packet> greOut = c.stream().filter(p -> p.source() == gatewayClientAddress).toList();
        List<Packet> udpIn = b.stream().filter(p -> p.source() != gatewayBackendAddress).toList();
        List<Packet> udpOut = b.stream().filter(p -> p.source() == gatewayBackendAddress).toList();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("toBackend", match(greIn, udpOut).summary());
        r.put("toClient", match(udpIn, greOut).summary());
        return r;
    }

    /**
     * The same for a WireGuard endpoint with a TUN device (the backend's wireguard-go): toward the backend a probe
     * arrives encrypted on its UDP interface and leaves in clear on its TUN device; the reply enters the TUN device
     * from the kernel (from {@code tunnelAddress}) and leaves encrypted from {@code udpAddress}.
     */
    static Map<String, Object> analyseTunEndpoint(Path udpSide, Path tunSide, int udpAddress, int tunnelAddress)
            throws IOException {
        List<Packet> u = read(udpSide);
        List<Packet> t = read(tunSide);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("toBackend", match(u.stream().filter(p -> p.source() != udpAddress).toList(),
                t.stream().filter(p -> p.source() != tunnelAddress).toList()).summary());
        r.put("toClient", match(t.stream().filter(p -> p.source() == tunnelAddress).toList(),
                u.stream().filter(p -> p.source() == udpAddress).toList()).summary());
        return r;
    }

    /** Pairs each arrival with the first unused departure after it and before the next arrival. */
    static Direction match(List<Packet> in, List<Packet> out) {
        long[] lat = new long[in.size()];
        int n = 0;
        int unmatched = 0;
        int j = 0;
        for (int i = 0; i < in.size(); i++) {
            long t = in.get(i).nanos();
            long next = i + 1 < in.size() ? in.get(i + 1).nanos() : Long.MAX_VALUE;
            while (j < out.size() && out.get(j).nanos() < t) {
                j++; // a departure before this arrival belongs to no arrival we saw (capture started late)
            }
            if (j < out.size() && out.get(j).nanos() < next) {
                lat[n++] = out.get(j).nanos() - t;
                j++;
            } else {
                unmatched++;
            }
        }
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        return new Direction(sorted, in.size(), unmatched);
    }

    /** IPv4 packets of a pcap file (Ethernet or Linux cooked capture; micro- or nanosecond timestamps). */
    static List<Packet> read(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        List<Packet> out = new ArrayList<>();
        if (b.remaining() < 24) {
            return out;
        }
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xa1b23c4d) {
            nanos = true;
        } else if (magic == 0xa1b2c3d4) {
            nanos = false;
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b23c4d && magic != 0xa1b2c3d4) {
                throw new IOException(pcap + ": not a pcap file");
            }
            nanos = magic == 0xa1b23c4d;
        }
        int linkType = b.getInt(20);
        int ipOffset = switch (linkType) {
            case 1 -> 14;    // Ethernet
            case 113 -> 16;  // Linux cooked (SLL)
            case 101, 12 -> 0; // raw IP (a TUN device)
            default -> throw new IOException(pcap + ": link type " + linkType + " not handled");
        };
        int p = 24;
        while (p + 16 <= b.limit()) {
            long sec = Integer.toUnsignedLong(b.getInt(p));
            long frac = Integer.toUnsignedLong(b.getInt(p + 4));
            int captured = b.getInt(p + 8);
            int data = p + 16;
            if (captured < 0 || data + captured > b.limit()) {
                break;
            }
            if (captured >= ipOffset + 20 && (b.get(data + ipOffset) & 0xf0) == 0x40) {
                int source = b.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(data + ipOffset + 12);
                out.add(new Packet(sec * 1_000_000_000L + (nanos ? frac : frac * 1000), source));
            }
            p = data + captured;
        }
        return out;
    }
}
