package io.pptp2wg.tests.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One qemu VM on a lab namespace's bridge, booted from the {@link VmImage}: machine {@code microvm}
 * with Debian's kernel through its PVH entry (no firmware: ~2.5 s to /init under software emulation),
 * one virtio NIC on a TAP in the namespace (no user-mode networking), the serial console as a
 * {@link Console}. What the guest must do comes in a cpio appended to a copy of the initrd.
 * <p>
 * Learned the hard way (see tests/vm): the guest's TSC calibration fails now and then under TCG on a
 * busy host and microvm has no other clock to fall back on, so the boot hangs: the host's TSC rate is
 * passed as {@code tsc_early_khz}. qemu gives every NIC the same MAC unless told: it comes from the IP.
 * {@code /dev/kvm} may exist without VMX/SVM (nested hosts): then only TCG boots.
 */
final class QemuVm implements AutoCloseable {
    private static final Pattern CPU_MHZ = Pattern.compile("(?m)^cpu MHz\\s*:\\s*([0-9.]+)");

    private final Netns ns;
    private final String name;
    private final String tap;
    private final Path dir;
    private final Path initrd;
    private final Console console;
    private final LabProcess process;
    private final long startNanos;
    private final String accel;

    private QemuVm(Netns ns, String name, String tap, Path dir, Path initrd, Console console, LabProcess process,
                   long startNanos, String accel) {
        this.ns = ns;
        this.name = name;
        this.tap = tap;
        this.dir = dir;
        this.initrd = initrd;
        this.console = console;
        this.process = process;
        this.startNanos = startNanos;
        this.accel = accel;
    }

    /**
     * Boots a VM named {@code name} (1-10 characters [a-z0-9]) with eth0 at {@code ipCidr}, the guest
     * files {@code files} (path → content; /init is added) and {@code memoryMb} of RAM.
     */
    static QemuVm boot(Netns ns, String name, String ipCidr, int memoryMb, Map<String, byte[]> files) {
        if (!name.matches("[a-z0-9]{1,10}")) {
            throw new IllegalArgumentException("VM name must be 1-10 of [a-z0-9]: " + name);
        }
        DocumentationAddresses.require("VM address", ipCidr);
        VmImage image = VmImage.require();
        Path dir = Lab.runDir().resolve(ns.name() + "-" + name);
        String tap = "tap-" + name;
        try {
            Files.createDirectories(dir);
            Map<String, byte[]> all = new LinkedHashMap<>(files);
            all.put("init", Files.readAllBytes(image.guestInit()));
            Path initrd = dir.resolve("initrd.img");
            Files.copy(image.initrd(), initrd, StandardCopyOption.REPLACE_EXISTING);
            try (OutputStream out = Files.newOutputStream(initrd, StandardOpenOption.APPEND)) {
                out.write(Cpio.archive(all));
            }
            ns.ip("tuntap", "add", "dev", tap, "mode", "tap");
            ns.ip("link", "set", tap, "master", Netns.BRIDGE, "up");

            Console console = new Console(dir.resolve("console"), Lab.runDir().resolve(ns.name() + "-" + name + "-console.log"));
            String accel = accel();
            List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64",
                    "-name", "pptp2wg-lab-" + ns.name() + "-" + name,
                    "-machine", "microvm", "-smp", "1", "-m", Integer.toString(memoryMb),
                    "-nographic", "-nodefaults", "-no-user-config", "-no-reboot", "-monitor", "none",
                    "-chardev", "pipe,id=console,path=" + dir.resolve("console"), "-serial", "chardev:console",
                    "-kernel", image.vmlinux().toString(), "-initrd", initrd.toString(),
                    "-append", kernelCommandLine(accel),
                    "-netdev", "tap,id=net0,ifname=" + tap + ",script=no,downscript=no",
                    "-device", "virtio-net-device,netdev=net0,mac=" + macFor(ipCidr)));
            if (accel.equals("kvm")) {
                cmd.addAll(List.of("-enable-kvm", "-cpu", "host"));
            } else {
                cmd.addAll(List.of("-accel", "tcg", "-cpu", "max"));
            }
            long t0 = System.nanoTime();
            LabProcess process = LabProcess.start("qemu-" + name, dir.resolve("qemu.out"), ns.wrap(cmd));
            console.startDraining(name);
            QemuVm vm = new QemuVm(ns, name, tap, dir, initrd, console, process, t0, accel);
            ns.own(vm);
            Cleanup.register(vm);
            return vm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kernelCommandLine(String accel) {
        StringBuilder s = new StringBuilder("console=ttyS0 quiet loglevel=3 panic=1 random.trust_cpu=on");
        if (!accel.equals("kvm")) {
            hostTscKhz().ifPresent(khz -> s.append(" tsc_early_khz=").append(khz));
        }
        return s.toString();
    }

    /** {@code pptp2wg.vm.accel} = auto (default) | kvm | tcg; auto takes KVM only with real VMX/SVM. */
    static String accel() {
        String a = System.getProperty("pptp2wg.vm.accel", "auto");
        if (!a.equals("auto")) {
            return a;
        }
        try {
            String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
            boolean virt = Pattern.compile("(?m)^flags\\s*:.*\\b(vmx|svm)\\b").matcher(cpuinfo).find();
            return virt && Files.isWritable(Path.of("/dev/kvm")) ? "kvm" : "tcg";
        } catch (IOException e) {
            return "tcg";
        }
    }

    static Optional<Long> hostTscKhz() {
        try {
            Matcher m = CPU_MHZ.matcher(Files.readString(Path.of("/proc/cpuinfo")));
            return m.find() ? Optional.of(Math.round(Double.parseDouble(m.group(1)) * 1000)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** 52:54 (qemu's prefix, locally administered) followed by the four octets of the IPv4 address. */
    static String macFor(String ipCidr) {
        String[] o = DocumentationAddresses.hostOf(ipCidr).split("\\.");
        return String.format("52:54:%02x:%02x:%02x:%02x", Integer.parseInt(o[0]), Integer.parseInt(o[1]),
                Integer.parseInt(o[2]), Integer.parseInt(o[3]));
    }

    String name() {
        return name;
    }

    Console console() {
        return console;
    }

    String accelName() {
        return accel;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a console line from {@code from} on; empty on timeout or when the VM is gone. */
    Optional<Console.Line> await(int from, Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<Console.Line> line = console.await(from, match, Duration.ofNanos(Math.min(left, 1_000_000_000L)));
            if (line.isPresent() || console.ended()) {
                return line;
            }
            if (!process.isAlive()) {
                // qemu is gone (it may never have opened the console): what is left to read comes at once
                return console.await(from, match, Duration.ofSeconds(2));
            }
        }
    }

    /** Seconds from qemu's start to {@code nanos}. */
    double secondsSinceStart(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    /** Waits for qemu to exit by itself (the guest powers off); -1 when still running. */
    int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** SIGKILL: the VM vanishes without a goodbye (no LCP Terminate, no TCP FIN). */
    void kill() {
        process.kill();
    }

    /** What a failure message needs: where the logs are, and the console's last lines. */
    String describe(int tailLines) {
        String qemuOut = "";
        try {
            qemuOut = Files.readString(dir.resolve("qemu.out")).strip();
        } catch (IOException e) {
            // no qemu output file: nothing to add
        }
        return "VM " + name + " in " + ns.name() + " (accel " + accel + ", console log " + console.logFile() + ")"
                + (qemuOut.isEmpty() ? "" : "\nqemu: " + qemuOut)
                + "\n--- console, last " + tailLines + " lines ---\n" + console.tail(tailLines);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(3));
        process.close();
        console.close();
        try {
            Files.deleteIfExists(initrd);
        } catch (IOException e) {
            System.err.println("[lab] " + e);
        }
        Commands.run("ip", "-n", ns.name(), "link", "del", tap);
        ns.disown(this);
        Cleanup.forget(this);
    }

    @Override
    public String toString() {
        return "VM " + name + " (qemu pid " + process.pid() + ", " + ns + ")";
    }
}
