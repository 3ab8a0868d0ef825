package io.pptp2wg.tests.load;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.config.ppp.MppePolicy;
import io.pptp2wg.config.ppp.StatefulMppe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one load-generator run does; {@link #parse} reads it from the command line ({@link #USAGE}).
 * Addresses are IPv4 as ints (0 = "not given").
 */
record LoadOptions(
        int server,
        int port,
        int sessions,
        int callsPerConnection,
        List<Integer> sources,
        UserList users,
        List<AuthProtocol> auth,
        Mppe mppe,
        Set<MppeKeyLength> mppeKeys,
        Traffic traffic,
        int size,
        double rate,
        double durationSeconds,
        int target,
        int udpPort,
        int tcpStreams,
        int iperfPort,
        int iperfTarget,
        boolean iperfReverse,
        long iperfBitrate,
        double setupRate,
        int maxPending,
        double setupTimeoutSeconds,
        double holdSeconds,
        boolean churn,
        boolean upProbe,
        int warmup,
        int loops,
        int lcpEchoInterval,
        int lcpEchoFailure,
        String json,
        long watchPid,
        List<Long> watchPids,
        int debugSessions,
        boolean quiet,
        String sessionLog) {

    /** How MPPE is asked for. */
    enum Mppe {
        /** No MPPE (CCP refuses it): only with CHAP-MD5 or PAP servers that do not require it. */
        NONE,
        /** pppd's default: stateless only. */
        STATELESS,
        /** Propose stateful (a pppd server accepts it only with {@code mppe-stateful}). */
        STATEFUL,
        /** pppd's {@code mppe-stateful}: ask stateless, accept stateful when the server proposes it. */
        ALLOW;

        MppePolicy policy(Set<MppeKeyLength> keys) {
            return switch (this) {
                case NONE -> MppePolicy.refused();
                case STATELESS -> new MppePolicy(true, keys, StatefulMppe.REFUSE);
                case STATEFUL -> new MppePolicy(true, keys, StatefulMppe.PREFER);
                case ALLOW -> new MppePolicy(true, keys, StatefulMppe.ALLOW);
            };
        }
    }

    /** What each session sends once up. */
    enum Traffic { NONE, ICMP, UDP }

    static final String USAGE = """
            usage: loadgen --server ADDRESS [options]
              --server A               the PPTP server (TCP 1723 and GRE)
              --port N                 its control port (1723)
              --sessions N             sessions to open (1)
              --calls-per-connection K calls on each control connection (1; pptpd takes only 1)
              --source A[,B...]        local addresses to connect from, round robin (default: the kernel's choice)
              --user NAME              user name; a printf pattern such as user%02d numbers them 1..--user-count (test)
              --password PW            password, a pattern too (test)
              --user-count M           how many numbered users (default: --sessions)
              --user-first N           the number of the series' first user (1): runs that must not share users
              --users FILE             one user per line: "user password" or chap-secrets lines (instead of --user)
              --auth LIST              methods we accept: mschapv2,mschapv1,chap,pap (mschapv2)
              --mppe MODE              stateless (default) | stateful (we propose it) | allow (we accept it) | none
              --mppe-keys LIST         128,56,40 (128)
              --traffic KIND           icmp | udp | none (icmp)
              --size BYTES             IP packet size, headers included (100)
              --rate PPS               packets per second per session (1)
              --duration SECONDS       traffic time once every session is up (10)
              --target A               where packets go (default: each session's peer, the server's tunnel address)
              --udp-port N             UDP destination port (7, echo)
              --tcp K                  K sessions get a TUN device (lgtun0..) and run iperf3 -c over it for --duration
              --iperf-port N           iperf3 server port of the first stream, +1 for each next (5201)
              --iperf-target A         iperf3 server (default: the session's peer)
              --iperf-reverse          iperf3 -R (server sends)
              --iperf-bitrate BPS      iperf3 -b: each stream at most BPS bits per second (0: unlimited)
              --setup-rate R           at most R new sessions per second (0 = as fast as --max-pending allows)
              --max-pending N          at most N sessions setting up at once (512)
              --setup-timeout SECONDS  a session not up by then counts as failed (60)
              --hold SECONDS           stay up this long after the traffic (0)
              --churn                  close each session as soon as it is up (no traffic): N set-ups with at most
                                       --max-pending sessions (and tunnel addresses) at once
              --up-probe               a session counts as up only once an ICMP echo to --target (default: its peer)
                                       came back through it: behind a pptp2wg gateway in per-user mode with a
                                       target behind the backend, that includes the user's WireGuard handshake
              --warmup N               first run N churned sessions, unreported, to warm up both ends' JIT
              --loops N                event loops (the number of CPUs)
              --lcp-echo-interval S    our LCP echo (0: none), --lcp-echo-failure N (0)
              --json FILE              also write the summary as JSON (- = standard output)
              --session-log FILE       one line per session as it ends (appended): user, Call IDs, address, when
                                       it was accepted and ended, the IP bytes it sent and received (docs/loadgen.md)
              --watch-pid PID[,PID..]  also report those processes' CPU seconds (the server's) per phase
              --debug N                pppd-like PPP debug lines of the first N sessions on standard error
              --quiet                  no progress lines
            """;

    static LoadOptions parse(String... args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (key.equals("iperf-reverse") || key.equals("quiet") || key.equals("churn") || key.equals("help")
                    || key.equals("up-probe")) {
                value = "true";
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            a.put(key, value);
        }
        if (a.containsKey("help")) {
            throw new IllegalArgumentException("");
        }
        Options o = new Options(a);
        int sessions = o.integer("sessions", 1);
        UserList users = a.containsKey("users") ? UserList.file(Path.of(a.get("users")))
                : UserList.numbered(o.string("user", "test"), o.string("password", "test"), o.integer("user-first", 1),
                o.integer("user-count", o.string("user", "test").contains("%") ? sessions : 1));
        Mppe mppe = Mppe.valueOf(o.string("mppe", "stateless").toUpperCase(Locale.ROOT));
        LoadOptions options = new LoadOptions(
                o.address("server", true),
                o.integer("port", 1723),
                sessions,
                o.integer("calls-per-connection", 1),
                o.addresses("source"),
                users,
                o.auth(),
                mppe,
                o.keys(),
                Traffic.valueOf(o.string("traffic", "icmp").toUpperCase(Locale.ROOT)),
                o.integer("size", 100),
                o.decimal("rate", 1),
                o.decimal("duration", 10),
                o.address("target", false),
                o.integer("udp-port", 7),
                o.integer("tcp", 0),
                o.integer("iperf-port", 5201),
                o.address("iperf-target", false),
                Boolean.parseBoolean(o.string("iperf-reverse", "false")),
                o.longValue("iperf-bitrate", 0),
                o.decimal("setup-rate", 0),
                o.integer("max-pending", 512),
                o.decimal("setup-timeout", 60),
                o.decimal("hold", 0),
                Boolean.parseBoolean(o.string("churn", "false")),
                Boolean.parseBoolean(o.string("up-probe", "false")),
                o.integer("warmup", 0),
                o.integer("loops", Runtime.getRuntime().availableProcessors()),
                o.integer("lcp-echo-interval", 0),
                o.integer("lcp-echo-failure", 0),
                a.get("json"),
                o.pids("watch-pid").isEmpty() ? 0 : o.pids("watch-pid").get(0),
                o.pids("watch-pid"),
                o.integer("debug", 0),
                Boolean.parseBoolean(o.string("quiet", "false")),
                a.get("session-log"));
        o.rejectUnknown();
        return options.validated();
    }

    LoadOptions validated() {
        require(sessions >= 1 && sessions <= 65_000, "--sessions must be 1..65000 (one GRE Call ID each)");
        require(callsPerConnection >= 1 && callsPerConnection <= 1024, "--calls-per-connection must be 1..1024");
        int minimum = traffic == Traffic.UDP ? Packets.MIN_UDP_PACKET : Packets.MIN_ICMP_PACKET;
        require(traffic == Traffic.NONE || size >= minimum && size <= 1500,
                "--size must be " + minimum + "..1500 for " + traffic.name().toLowerCase(Locale.ROOT));
        require(rate > 0 && rate <= 10_000, "--rate must be above 0 and at most 10000 per session");
        require(durationSeconds >= 0 && holdSeconds >= 0 && setupTimeoutSeconds > 0, "times must not be negative");
        require(tcpStreams >= 0 && tcpStreams <= Math.min(64, sessions), "--tcp must be 0..min(64, sessions)");
        require(maxPending >= 1 && loops >= 1, "--max-pending and --loops must be at least 1");
        require(warmup >= 0 && warmup <= 65_000, "--warmup must be 0..65000");
        require(!churn || tcpStreams == 0, "--churn leaves no session up for --tcp");
        require(mppe == Mppe.NONE || auth.stream().anyMatch(AuthProtocol::yieldsMppeKeys),
                "MPPE needs MS-CHAP (v2 or v1) among --auth");
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The warm-up run: {@code n} churned sessions, no traffic, no TCP, no progress lines, no JSON. */
    LoadOptions warmupRun(int n) {
        return new LoadOptions(server, port, n, callsPerConnection, sources, users, auth, mppe, mppeKeys, Traffic.NONE, size,
                rate, 0, target, udpPort, 0, iperfPort, iperfTarget, iperfReverse, iperfBitrate, setupRate, maxPending,
                setupTimeoutSeconds, 0, true, upProbe, 0, loops, lcpEchoInterval, lcpEchoFailure, null, 0, List.of(), 0,
                true, null);
    }

    MppePolicy mppePolicy() {
        return mppe.policy(mppeKeys);
    }

    int connections() {
        return (sessions + callsPerConnection - 1) / callsPerConnection;
    }

    /** Typed reads of the parsed arguments; every key read is remembered, the rest are errors. */
    private static final class Options {
        private final Map<String, String> values;
        private final Set<String> read = new java.util.HashSet<>();

        Options(Map<String, String> values) {
            this.values = values;
            read.add("users");
            read.add("json");
            read.add("session-log");
        }

        String string(String key, String dflt) {
            read.add(key);
            return values.getOrDefault(key, dflt);
        }

        int integer(String key, int dflt) {
            String v = string(key, null);
            try {
                return v == null ? dflt : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " wants a whole number, not " + v);
            }
        }

        long longValue(String key, long dflt) {
            String v = string(key, null);
            try {
                return v == null ? dflt : Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " wants a whole number, not " + v);
            }
        }

        double decimal(String key, double dflt) {
            String v = string(key, null);
            try {
                return v == null ? dflt : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " wants a number, not " + v);
            }
        }

        int address(String key, boolean required) {
            String v = string(key, null);
            if (v == null) {
                if (required) {
                    throw new IllegalArgumentException("--" + key + " is required");
                }
                return 0;
            }
            return (int) Ipv4.parse(v).orElseThrow(() -> new IllegalArgumentException("--" + key + ": not an IPv4 address: " + v));
        }

        List<Long> pids(String key) {
            String v = string(key, null);
            List<Long> out = new ArrayList<>();
            if (v != null) {
                for (String p : v.split(",")) {
                    try {
                        out.add(Long.parseLong(p.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--" + key + " wants process ids, not " + p);
                    }
                }
            }
            return List.copyOf(out);
        }

        List<Integer> addresses(String key) {
            String v = string(key, null);
            List<Integer> out = new ArrayList<>();
            if (v != null) {
                for (String s : v.split(",")) {
                    out.add((int) Ipv4.parse(s.strip()).orElseThrow(
                            () -> new IllegalArgumentException("--" + key + ": not an IPv4 address: " + s)));
                }
            }
            return out;
        }

        List<AuthProtocol> auth() {
            List<AuthProtocol> out = new ArrayList<>();
            for (String s : string("auth", "mschapv2").split(",")) {
                out.add(switch (s.strip().toLowerCase(Locale.ROOT)) {
                    case "mschapv2", "mschap-v2", "ms-chapv2" -> AuthProtocol.MSCHAP_V2;
                    case "mschapv1", "mschap", "ms-chap" -> AuthProtocol.MSCHAP_V1;
                    case "chap", "chap-md5", "md5" -> AuthProtocol.CHAP_MD5;
                    case "pap" -> AuthProtocol.PAP;
                    default -> throw new IllegalArgumentException("--auth: unknown method " + s);
                });
            }
            return List.copyOf(out);
        }

        Set<MppeKeyLength> keys() {
            Set<MppeKeyLength> out = EnumSet.noneOf(MppeKeyLength.class);
            for (String s : string("mppe-keys", "128").split(",")) {
                out.add(switch (s.strip()) {
                    case "128" -> MppeKeyLength.BITS_128;
                    case "56" -> MppeKeyLength.BITS_56;
                    case "40" -> MppeKeyLength.BITS_40;
                    default -> throw new IllegalArgumentException("--mppe-keys: 128, 56 or 40, not " + s);
                });
            }
            return out;
        }

        void rejectUnknown() {
            for (String k : values.keySet()) {
                if (!read.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k);
                }
            }
        }
    }
}
