package io.pptp2wg.tests.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a capture with tshark and counts what its dissectors object to. */
public final class Tshark {
    /** Expert severities as tshark prints them in the _ws.expert.severity field (epan/proto.h PI_*). */
    private static final long SEVERITY_WARN = 0x00600000L;
    private static final long SEVERITY_ERROR = 0x00800000L;
    private static final int MAX_PROBLEMS = 20;

    private Tshark() {}

    /**
     * The given fields of every frame matching {@code displayFilter}, one array per frame (tab-separated by
     * tshark, several occurrences of a field joined by ','); {@code options} go before the filter (e.g.
     * {@code "-d", "udp.port==51820,wg"}).
     */
    public static List<String[]> fields(Path pcap, String displayFilter, List<String> options, String... fields) {
        List<String> c = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        c.addAll(options);
        c.addAll(List.of("-Y", displayFilter, "-T", "fields", "-E", "separator=\t"));
        for (String f : fields) {
            c.addAll(List.of("-e", f));
        }
        CommandResult r = Commands.run(Duration.ofMinutes(5), null, c);
        if (!r.ok()) {
            throw new LabException("tshark failed on " + pcap + " for '" + displayFilter + "': " + r.stderr().strip());
        }
        return r.stdout().lines().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
    }

    /** One tshark pass over {@code pcap}: frame count, malformed frames, expert errors and warnings, protocols. */
    public static TsharkReport check(Path pcap) {
        CommandResult r = Commands.run(Duration.ofMinutes(5), null, List.of("tshark", "-n", "-r", pcap.toString(),
                "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|",
                "-e", "frame.number", "-e", "frame.protocols", "-e", "_ws.expert.severity", "-e", "_ws.expert.message"));
        if (!r.ok()) {
            throw new LabException("tshark failed on " + pcap + ": " + r.stderr().strip());
        }
        int frames = 0;
        int malformed = 0;
        int errors = 0;
        int warnings = 0;
        Map<String, Integer> protocols = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length < 2 || f[0].isBlank()) {
                continue;
            }
            frames++;
            String protos = f[1];
            for (String p : protos.split(":")) {
                if (!p.isEmpty()) {
                    protocols.merge(p, 1, Integer::sum);
                }
            }
            boolean bad = protos.contains("_ws.malformed");
            if (bad) {
                malformed++;
            }
            long worst = 0;
            if (f.length > 2) {
                for (String s : f[2].split("\\|")) {
                    worst = Math.max(worst, parseSeverity(s));
                }
            }
            if (worst >= SEVERITY_ERROR) {
                errors++;
            } else if (worst >= SEVERITY_WARN) {
                warnings++;
            }
            if ((bad || worst >= SEVERITY_WARN) && problems.size() < MAX_PROBLEMS) {
                problems.add("frame " + f[0] + ": " + protos + ": " + (f.length > 3 ? f[3] : ""));
            }
        }
        return new TsharkReport(pcap, frames, malformed, errors, warnings, Map.copyOf(protocols), List.copyOf(problems));
    }

    /**
     * The given fields of every frame matching {@code displayFilter}, one array per frame (several
     * occurrences of a field joined with ','); e.g. {@code fields(pcap, "pptp.control_message_type == 7",
     * "tcp.stream", "ip.src")} lists the Outgoing-Call-Requests and their TCP connections.
     */
    public static java.util.List<String[]> fields(Path pcap, String displayFilter, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-Y", displayFilter,
                "-T", "fields", "-E", "separator=\t"));
        for (String f : fields) {
            cmd.addAll(List.of("-e", f));
        }
        CommandResult r = Commands.run(Duration.ofMinutes(5), null, cmd);
        if (!r.ok()) {
            throw new LabException("tshark failed on " + pcap + " (" + displayFilter + "): " + r.stderr().strip());
        }
        return r.stdout().lines().filter(l -> !l.isEmpty()).map(l -> l.split("\t", -1)).toList();
    }

    private static long parseSeverity(String s) {
        String v = s.strip();
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
