package io.pptp2wg.tests.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns a client VM's console lines (see tests/vm/guest-init.sh) into a {@link ClientRun}. */
final class ClientRunParser {
    private final Map<String, ScenarioBuilder> scenarios = new LinkedHashMap<>();
    private final List<String> resultLines = new ArrayList<>();
    private boolean finished;
    private boolean ok;

    static ClientRun parse(String vm, List<String> console, double bootSeconds, double totalSeconds, Path log) {
        ClientRunParser p = new ClientRunParser();
        console.forEach(p::accept);
        List<ScenarioResult> results = p.scenarios.values().stream().map(ScenarioBuilder::build).toList();
        return new ClientRun(vm, p.finished, p.ok, results, bootSeconds, totalSeconds, log, List.copyOf(p.resultLines));
    }

    private void accept(String line) {
        if (line.startsWith("LOG ")) {
            acceptLog(line);
            return;
        }
        Optional<ResultLine> parsed = ResultLine.parse(line);
        if (parsed.isEmpty()) {
            return;
        }
        ResultLine r = parsed.get();
        switch (r.tag()) {
            case "END" -> {
                resultLines.add(line);
                finished = true;
                ok = r.get("status").equals("ok");
            }
            case "RESULT" -> {
                resultLines.add(line);
                scenarios.computeIfAbsent(r.word(0), ScenarioBuilder::new).accept(r);
            }
            default -> { }
        }
    }

    /** {@code LOG <scenario> <source>| <text>}: source sN = pppd log of session N, syslog = pptp's messages. */
    private void acceptLog(String line) {
        int bar = line.indexOf("| ");
        String[] head = (bar < 0 ? line : line.substring(0, bar)).split(" ");
        if (head.length < 3) {
            return;
        }
        String text = bar < 0 ? "" : line.substring(bar + 2);
        ScenarioBuilder s = scenarios.computeIfAbsent(head[1], ScenarioBuilder::new);
        String source = head[2].endsWith("|") ? head[2].substring(0, head[2].length() - 1) : head[2];
        if (source.equals("syslog")) {
            s.syslog.add(text);
        } else if (source.matches("s\\d+")) {
            s.session(Integer.parseInt(source.substring(1))).log.add(text);
        } else if (source.matches("s\\d+\\.out")) {
            s.session(Integer.parseInt(source.substring(1, source.indexOf('.')))).log.add("[stdout] " + text);
        }
    }

    private static final class ScenarioBuilder {
        final String name;
        final TreeMap<Integer, SessionBuilder> sessions = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        final List<String> syslog = new ArrayList<>();
        boolean finished;
        boolean ok;
        int upCount;
        double upSeconds = Double.NaN;
        double seconds = Double.NaN;
        HoldResult hold;

        ScenarioBuilder(String name) {
            this.name = name;
        }

        SessionBuilder session(int i) {
            return sessions.computeIfAbsent(i, SessionBuilder::new);
        }

        void accept(ResultLine r) {
            switch (r.word(1)) {
                case "start" -> {
                    int n = r.getInt("sessions", 0);
                    for (int i = 0; i < n; i++) {
                        session(i);
                    }
                }
                case "session" -> session(r.getInt("s", -1)).accept(r);
                case "negotiated" -> session(r.getInt("s", -1)).negotiated = new Negotiated(r.get("lcp_ours"),
                        r.get("lcp_peer"), r.get("ccp_ours"), r.get("ccp_peer"), r.get("ipcp_ours"), r.get("ipcp_peer"));
                case "up" -> {
                    upCount = r.getInt("count", 0);
                    upSeconds = r.getDouble("secs", Double.NaN);
                }
                case "ping" -> session(r.getInt("s", -1)).ping = new PingResult(r.get("target"), r.getInt("tx", 0),
                        r.getInt("rx", 0), r.getInt("loss", 100), r.get("rtt_min_avg_max"));
                case "iperf" -> session(r.getInt("s", -1)).iperf.add(new IperfResult(r.get("dir"), r.get("target"),
                        r.getInt("port", 0), r.getInt("secs", 0), r.getDouble("sender_mbps", Double.NaN),
                        r.getDouble("receiver_mbps", Double.NaN), r.getInt("retr", -1), r.get("error")));
                case "holdping" -> session(r.getInt("s", -1)).holdPing = new SessionResult.HoldPing(r.get("target"),
                        r.getDouble("interval", Double.NaN), r.getInt("tx", 0), r.getInt("rx", 0), r.getInt("gap_max", 0),
                        r.getInt("gap_after", 0));
                case "hold" -> hold = new HoldResult(r.getInt("alive", 0), r.getInt("of", 0),
                        r.get("released").equals("1"), r.getDouble("secs", Double.NaN));
                case "end" -> session(r.getInt("s", -1)).end = new SessionResult.SessionEnd(
                        r.getInt("terminated", 0) > 0, r.getLong("sent_bytes", 0), r.getLong("received_bytes", 0));
                case "fail" -> failures.add(r.get("what"));
                case "done" -> {
                    finished = true;
                    ok = r.get("status").equals("ok");
                    seconds = r.getDouble("secs", Double.NaN);
                }
                default -> { }
            }
        }

        ScenarioResult build() {
            List<SessionResult> s = sessions.values().stream().filter(b -> b.index >= 0).map(SessionBuilder::build).toList();
            return new ScenarioResult(name, finished, ok, List.copyOf(failures), upCount, upSeconds, s,
                    Optional.ofNullable(hold), seconds, List.copyOf(syslog));
        }
    }

    private static final class SessionBuilder {
        final int index;
        String user = "";
        boolean up;
        String iface = "";
        String local = "";
        String remote = "";
        double upSeconds = Double.NaN;
        String auth = "none";
        String authResult = "none";
        String mppe = SessionResult.NO_MPPE;
        String dns = "";
        String reason = "";
        Negotiated negotiated = Negotiated.NONE;
        PingResult ping;
        SessionResult.HoldPing holdPing;
        final List<IperfResult> iperf = new ArrayList<>();
        SessionResult.SessionEnd end;
        final List<String> log = new ArrayList<>();

        SessionBuilder(int index) {
            this.index = index;
        }

        void accept(ResultLine r) {
            up = r.get("up").equals("1");
            user = r.get("user");
            iface = r.get("iface");
            local = r.get("local");
            remote = r.get("remote");
            upSeconds = r.getDouble("up_secs", Double.NaN);
            auth = r.get("auth");
            authResult = r.get("auth_result");
            mppe = r.get("mppe");
            dns = r.get("dns");
            reason = r.get("reason");
        }

        SessionResult build() {
            return new SessionResult(index, user, up, iface, local, remote, upSeconds, auth, authResult, mppe, dns, reason,
                    negotiated, Optional.ofNullable(ping), List.copyOf(iperf), Optional.ofNullable(holdPing),
                    Optional.ofNullable(end), List.copyOf(log));
        }
    }
}
