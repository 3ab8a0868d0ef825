package io.pptp2wg.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static io.pptp2wg.os.Libc.AF_INET;
import static io.pptp2wg.os.Libc.CALL_STATE;
import static io.pptp2wg.os.Libc.SOCKET;
import static io.pptp2wg.os.Libc.SOCK_DGRAM;
import static io.pptp2wg.os.Libc.downcall;
import static io.pptp2wg.os.Libc.errno;

/**
 * The few interface and route ioctls (netdevice(7), route(4) as {@code ifconfig} and {@code route} make them) that
 * give a TUN device an IPv4 address and host routes, as pppd does for a ppp interface: an address with a /32
 * netmask, the link up, then one host route per peer. Through an AF_INET datagram socket, in the calling thread's
 * network namespace. Needs CAP_NET_ADMIN.
 */
@SuppressWarnings("restricted")
public final class NetDevice {
    // <linux/sockios.h>
    private static final long SIOCADDRT = 0x890B;
    private static final long SIOCDELRT = 0x890C;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final long SIOCSIFADDR = 0x8916;
    private static final long SIOCSIFNETMASK = 0x891C;
    private static final long SIOCSIFMTU = 0x8922;
    // <net/if.h>, <net/route.h>
    private static final short IFF_UP = 0x1;
    private static final short IFF_RUNNING = 0x40;
    private static final short RTF_UP = 0x1;
    private static final short RTF_HOST = 0x4;
    /** EEXIST / ESRCH: the route is already there / already gone. */
    private static final int EEXIST = 17;
    private static final int ESRCH = 3;
    /** struct ifreq: name[IFNAMSIZ], then the union (a sockaddr, a short of flags, an int MTU) at 16; 40 in all. */
    private static final long IFREQ_SIZE = 40;
    private static final long IFR_UNION = 16;
    /**
     * struct rtentry on LP64: pad1(8) dst(16) gateway(16) genmask(16) flags(2) pad2(2) [4] pad3(8) pad4(8)
     * metric(2) [6] dev(8) mtu(8) window(8) irtt(2) [6] = 120.
     */
    private static final long RTENTRY_SIZE = 120;
    private static final long RT_DST = 8;
    private static final long RT_GENMASK = 40;
    private static final long RT_FLAGS = 56;
    private static final long RT_DEV = 88;

    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2));

    private NetDevice() {}

    /** Gives {@code device} the address {@code address}/32 and the MTU, and sets it up (ifconfig DEV ADDR netmask 255.255.255.255 mtu M up). */
    public static void configure(String device, int address, int mtu) {
        withSocket(device, (arena, state, fd) -> {
            MemorySegment ifr = ifreq(arena, device);
            Libc.writeSockaddrIn(ifr.asSlice(IFR_UNION, Libc.SOCKADDR_IN_SIZE), address, 0);
            ioctl(state, fd, SIOCSIFADDR, ifr, "SIOCSIFADDR " + device);
            ifr = ifreq(arena, device);
            Libc.writeSockaddrIn(ifr.asSlice(IFR_UNION, Libc.SOCKADDR_IN_SIZE), 0xffffffff, 0);
            ioctl(state, fd, SIOCSIFNETMASK, ifr, "SIOCSIFNETMASK " + device);
            ifr = ifreq(arena, device);
            ifr.set(ValueLayout.JAVA_INT, IFR_UNION, mtu);
            ioctl(state, fd, SIOCSIFMTU, ifr, "SIOCSIFMTU " + device);
            ifr = ifreq(arena, device);
            ioctl(state, fd, SIOCGIFFLAGS, ifr, "SIOCGIFFLAGS " + device);
            short flags = ifr.get(ValueLayout.JAVA_SHORT, IFR_UNION);
            ifr.set(ValueLayout.JAVA_SHORT, IFR_UNION, (short) (flags | IFF_UP | IFF_RUNNING));
            ioctl(state, fd, SIOCSIFFLAGS, ifr, "SIOCSIFFLAGS " + device);
            return 0;
        });
    }

    /** Adds the host route {@code address}/32 dev {@code device}; true if added or already there. */
    public static boolean addHostRoute(String device, int address) {
        return route(device, address, SIOCADDRT, EEXIST);
    }

    /** Deletes the host route {@code address}/32 dev {@code device}; true if deleted or already gone. */
    public static boolean deleteHostRoute(String device, int address) {
        return route(device, address, SIOCDELRT, ESRCH);
    }

    private static boolean route(String device, int address, long request, int harmless) {
        return withSocket(device, (arena, state, fd) -> {
            MemorySegment rt = arena.allocate(RTENTRY_SIZE, 8);
            Libc.writeSockaddrIn(rt.asSlice(RT_DST, Libc.SOCKADDR_IN_SIZE), address, 0);
            Libc.writeSockaddrIn(rt.asSlice(RT_GENMASK, Libc.SOCKADDR_IN_SIZE), 0xffffffff, 0);
            rt.set(ValueLayout.JAVA_SHORT, RT_FLAGS, (short) (RTF_UP | RTF_HOST));
            rt.set(ValueLayout.ADDRESS, RT_DEV, arena.allocateFrom(device));
            int rc = (int) IOCTL.invokeExact(state, fd, request, rt);
            return rc == 0 || errno(state) == harmless ? 1 : 0;
        }) == 1;
    }

    private static MemorySegment ifreq(Arena arena, String device) {
        MemorySegment ifr = arena.allocate(IFREQ_SIZE, 8);
        byte[] n = device.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= IFR_UNION) {
            throw new IllegalArgumentException("interface name too long: " + device);
        }
        MemorySegment.copy(MemorySegment.ofArray(n), 0, ifr, 0, n.length);
        return ifr;
    }

    private static void ioctl(MemorySegment state, int fd, long request, MemorySegment arg, String what) throws Throwable {
        int rc = (int) IOCTL.invokeExact(state, fd, request, arg);
        if (rc != 0) {
            throw new IllegalStateException(what + ": errno " + errno(state) + " (needs CAP_NET_ADMIN)");
        }
    }

    private interface Call {
        int run(Arena arena, MemorySegment state, int fd) throws Throwable;
    }

    private static int withSocket(String device, Call call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_INET, SOCK_DGRAM, 0);
            if (fd < 0) {
                throw new IllegalStateException("socket(AF_INET, SOCK_DGRAM): errno " + errno(state));
            }
            try {
                return call.run(arena, state, fd);
            } finally {
                Libc.close(fd);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(device + ": native call failed", t);
        }
    }
}
