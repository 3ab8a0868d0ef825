package io.pptp2wg.tests.lab;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The gate behind {@link RealPeerTest}. */
public final class RealPeerCheck implements BeforeAllCallback {
    /** Host programs the lab runs. */
    static final List<String> PROGRAMS = List.of("ip", "qemu-system-x86_64", "mkfifo", "setpriv", "tcpdump",
            "tshark", "text2pcap", "curl", "iperf3", "wireguard-go", "wg");

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean gateway = context.getRequiredTestClass().getAnnotation(RealPeerTest.class) instanceof RealPeerTest a
                && a.gateway();
        String why = problems(gateway);
        if (why.isEmpty()) {
            return;
        }
        if ("skip".equals(System.getProperty("pptp2wg.realPeers"))) {
            Assumptions.abort("real-peer tests skipped (-Dpptp2wg.realPeers=skip)");
        }
        if (!isRoot()) {
            Assumptions.abort("real-peer tests need root (network namespaces, TAP devices, raw GRE): skipped");
        }
        throw new AssertionError("real-peer tests cannot run: " + why);
    }

    /** Empty when everything is there; else what is missing and how to get it. */
    public static String problems(boolean gateway) {
        if ("skip".equals(System.getProperty("pptp2wg.realPeers"))) {
            return "skipped on request";
        }
        if (!isRoot()) {
            return "not root";
        }
        List<String> missing = new ArrayList<>();
        for (String p : PROGRAMS) {
            if (!Commands.onPath(p)) {
                missing.add(p);
            }
        }
        List<String> out = new ArrayList<>();
        if (!missing.isEmpty()) {
            out.add("missing " + String.join(", ", missing) + ": run tools/setup.sh as root");
        }
        VmImage.VmImageCheck image = VmImage.check();
        if (image.image().isEmpty()) {
            out.add(image.problem());
        }
        if (gateway && !Files.isRegularFile(GatewayProcess.jar())) {
            out.add("no " + GatewayProcess.jar() + ": build it first (mvn verify packages admin-api before the tests module)");
        }
        return String.join("; ", out);
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
