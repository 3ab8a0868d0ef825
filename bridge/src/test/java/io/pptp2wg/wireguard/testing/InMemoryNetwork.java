package io.pptp2wg.wireguard.testing;

import io.pptp2wg.wireguard.device.Device;
import io.pptp2wg.wireguard.device.DeviceSink;
import io.pptp2wg.wireguard.device.Identity;
import io.pptp2wg.wireguard.messages.MessageType;
import io.pptp2wg.wireguard.crypto.Bytes;
import io.pptp2wg.wireguard.tunnel.Disposition;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Devices joined by a lossless, ordered, in-memory "UDP" network with a fake clock. Datagrams wait in a queue
 * until {@link #deliverAll()}; a filter can drop or hold them.
 */
public final class InMemoryNetwork {
    public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] bytes) {
        public MessageType type() {
            return bytes.length >= 4 ? MessageType.of(Bytes.getIntLE(bytes, 0)) : null;
        }
    }

    public record Delivery(Identity identity, byte[] packet) {
    }

    public final FakeClock clock = new FakeClock();
    private final Map<InetSocketAddress, Device> devices = new HashMap<>();
    private final Map<Device, InetSocketAddress> addresses = new HashMap<>();
    private final Map<Device, List<Delivery>> delivered = new HashMap<>();
    private final Map<Device, List<Disposition>> dispositions = new HashMap<>();
    public final ArrayDeque<Datagram> inFlight = new ArrayDeque<>();
    public final List<Datagram> log = new ArrayList<>();
    private Predicate<Datagram> dropIf = d -> false;

    public Device add(InetSocketAddress address, Device device) {
        devices.put(address, device);
        addresses.put(device, address);
        delivered.put(device, new ArrayList<>());
        dispositions.put(device, new ArrayList<>());
        return device;
    }

    public InetSocketAddress address(Device d) {
        return addresses.get(d);
    }

    public void dropIf(Predicate<Datagram> p) {
        dropIf = p;
    }

    public DeviceSink sinkOf(Device d) {
        return sinkOf(d, addresses.get(d));
    }

    /** A sink whose datagrams leave from {@code source} (roaming tests send from another address). */
    public DeviceSink sinkOf(Device d, InetSocketAddress source) {
        return new DeviceSink() {
            @Override
            public void toNetwork(InetSocketAddress endpoint, byte[] message, int offset, int length) {
                Datagram g = new Datagram(source, endpoint, Arrays.copyOfRange(message, offset, offset + length));
                log.add(g);
                inFlight.add(g);
            }

            @Override
            public void toTunnel(Identity identity, byte[] ipPacket, int offset, int length) {
                delivered.get(d).add(new Delivery(identity, Arrays.copyOfRange(ipPacket, offset, offset + length)));
            }
        };
    }

    /** Delivers queued datagrams (and whatever they cause) until none is left; returns how many. */
    public int deliverAll() {
        int n = 0;
        while (!inFlight.isEmpty() && n < 100_000) {
            deliver(inFlight.poll());
            n++;
        }
        return n;
    }

    public Disposition deliver(Datagram g) {
        if (dropIf.test(g)) {
            return null;
        }
        Device target = devices.get(g.to());
        if (target == null) {
            return null;
        }
        Disposition d = target.receive(clock.now(), g.from(), g.bytes(), 0, g.bytes().length, sinkOf(target));
        dispositions.get(target).add(d);
        return d;
    }

    public List<Delivery> delivered(Device d) {
        return delivered.get(d);
    }

    public List<Disposition> dispositions(Device d) {
        return dispositions.get(d);
    }

    /** Runs every device's timers, then delivers what they sent. */
    public void tick() {
        for (Device d : devices.values()) {
            d.updateTimers(clock.now(), sinkOf(d));
        }
        deliverAll();
    }

    /** Advances the clock in steps of {@code stepMillis}, ticking after each step. */
    public void run(long millis, long stepMillis) {
        for (long t = 0; t < millis; t += stepMillis) {
            clock.advance(stepMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            tick();
        }
    }
}
