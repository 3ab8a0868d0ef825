package io.pptp2wg.tests.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One iperf3 client ({@code iperf3 -c TARGET -p PORT --bind-dev DEVICE -t SECONDS -J}) over a session's
 * TUN device: the kernel's TCP through the PPTP session. Started in the caller's network namespace;
 * its JSON result read when it ends (bounded).
 */
final class Iperf {
    private final int session;
    private final String device;
    private final String target;
    private final int port;
    private final boolean reverse;
    private final double seconds;
    private final Process process;
    private final CompletableFuture<String> output;
    private final String startError;

    private Iperf(int session, String device, String target, int port, boolean reverse, double seconds, Process process,
                  String startError) {
        this.session = session;
        this.device = device;
        this.target = target;
        this.port = port;
        this.reverse = reverse;
        this.seconds = seconds;
        this.process = process;
        this.startError = startError;
        this.output = process == null ? CompletableFuture.completedFuture("") : CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    static Iperf start(int session, String device, String target, int port, double seconds, boolean reverse) {
        List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", target, "-p", Integer.toString(port), "--bind-dev", device,
                "-t", Integer.toString(Math.max(1, (int) Math.round(seconds))), "-J"));
        if (reverse) {
            cmd.add("-R");
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return new Iperf(session, device, target, port, reverse, seconds, p, null);
        } catch (IOException e) {
            return new Iperf(session, device, target, port, reverse, seconds, null, "cannot run iperf3: " + e.getMessage());
        }
    }

    LoadReport.TcpStream result() {
        if (process == null) {
            return failed(startError);
        }
        try {
            if (!process.waitFor((long) (seconds * 1000) + 30_000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return failed("iperf3 did not end in time");
            }
            JsonNode root = new ObjectMapper().readTree(output.get(10, TimeUnit.SECONDS));
            if (root.hasNonNull("error")) {
                return failed(root.get("error").asText());
            }
            JsonNode end = root.path("end");
            return new LoadReport.TcpStream(session, device, target, port, reverse,
                    end.path("sum_sent").path("bits_per_second").asDouble() / 1e6,
                    end.path("sum_received").path("bits_per_second").asDouble() / 1e6,
                    end.path("sum_sent").path("retransmits").asLong(), null);
        } catch (Exception e) {
            return failed("iperf3 output unreadable: " + e.getMessage());
        }
    }

    private LoadReport.TcpStream failed(String error) {
        return new LoadReport.TcpStream(session, device, target, port, reverse, 0, 0, 0, error);
    }
}
