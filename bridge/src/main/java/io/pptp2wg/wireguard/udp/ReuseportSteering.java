package io.pptp2wg.wireguard.udp;

import io.pptp2wg.os.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Steers each WireGuard datagram to the socket of the event loop that owns its receiver index, in the kernel:
 * the lanes' UDP sockets share one port (SO_REUSEPORT), and a classic BPF program attached to the group
 * (SO_ATTACH_REUSEPORT_CBPF, Linux 4.5) returns the index of the socket to deliver to. Every lane's device gives
 * out receiver indices whose low octet modulo the number of lanes is the lane (Device.laneOf), and WireGuard puts
 * the receiver index little-endian at octet 4 (cookie reply, transport data) or 8 (handshake response) of the
 * UDP payload, so the program reads one octet and takes it modulo the lanes. An initiation (no receiver) lands
 * wherever its sender index's octet says; the lanes hand it on. The sockets join the group in lane order, which
 * is the order the kernel numbers them.
 */
final class ReuseportSteering {
    private ReuseportSteering() {}

    // <asm-generic/socket.h>
    private static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    // <linux/bpf_common.h>: classic BPF opcodes
    private static final short LD_B_ABS = 0x30;   // BPF_LD | BPF_B | BPF_ABS: A = octet at k
    private static final short JEQ_K = 0x15;      // BPF_JMP | BPF_JEQ | BPF_K
    private static final short JA = 0x05;         // BPF_JMP | BPF_JA
    private static final short MOD_K = 0x94;      // BPF_ALU | BPF_MOD | BPF_K: A %= k
    private static final short RET_A = 0x16;      // BPF_RET | BPF_A
    /** WireGuard's type octet, and where the receiver index's low octet sits (whitepaper §5.4). */
    private static final int TYPE = 0;
    private static final int HANDSHAKE_RESPONSE = 2;
    private static final int RESPONSE_RECEIVER = 8;
    private static final int RECEIVER = 4;

    /** struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; } */
    private static final StructLayout SOCK_FILTER = MemoryLayout.structLayout(ValueLayout.JAVA_SHORT.withName("code"),
            ValueLayout.JAVA_BYTE.withName("jt"), ValueLayout.JAVA_BYTE.withName("jf"), ValueLayout.JAVA_INT.withName("k"));
    /** struct sock_fprog { unsigned short len; struct sock_filter *filter; } */
    private static final StructLayout SOCK_FPROG = MemoryLayout.structLayout(ValueLayout.JAVA_SHORT.withName("len"),
            MemoryLayout.paddingLayout(6), ValueLayout.ADDRESS.withName("filter"));
    private static final VarHandle CODE = SOCK_FILTER.varHandle(MemoryLayout.PathElement.groupElement("code"));
    private static final VarHandle JT = SOCK_FILTER.varHandle(MemoryLayout.PathElement.groupElement("jt"));
    private static final VarHandle JF = SOCK_FILTER.varHandle(MemoryLayout.PathElement.groupElement("jf"));
    private static final VarHandle K = SOCK_FILTER.varHandle(MemoryLayout.PathElement.groupElement("k"));

    /**
     * Attaches the program to the reuseport group of {@code fd}; returns 0, or the errno when the kernel refused
     * (the lanes then still work, handing datagrams between loops).
     */
    static int attach(int fd, int lanes) {
        short[][] program = {
                {LD_B_ABS, 0, 0, TYPE},
                {JEQ_K, 0, 2, HANDSHAKE_RESPONSE},
                {LD_B_ABS, 0, 0, RESPONSE_RECEIVER},
                {JA, 0, 0, 1},
                {LD_B_ABS, 0, 0, RECEIVER},
                {MOD_K, 0, 0, (short) lanes},
                {RET_A, 0, 0, 0},
        };
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment filter = arena.allocate(SOCK_FILTER, program.length);
            for (int i = 0; i < program.length; i++) {
                MemorySegment f = filter.asSlice(i * SOCK_FILTER.byteSize(), SOCK_FILTER);
                CODE.set(f, 0L, program[i][0]);
                JT.set(f, 0L, (byte) program[i][1]);
                JF.set(f, 0L, (byte) program[i][2]);
                K.set(f, 0L, (int) program[i][3]);
            }
            MemorySegment prog = arena.allocate(SOCK_FPROG);
            prog.set(ValueLayout.JAVA_SHORT, 0, (short) program.length);
            prog.set(ValueLayout.ADDRESS, SOCK_FPROG.byteOffset(MemoryLayout.PathElement.groupElement("filter")), filter);
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int rc = (int) Libc.SETSOCKOPT.invokeExact(state, fd, Libc.SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, prog,
                    (int) SOCK_FPROG.byteSize());
            return rc == 0 ? 0 : Libc.errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt(SO_ATTACH_REUSEPORT_CBPF) failed", t);
        }
    }
}
