package io.pptp2wg.config.ppp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.text.ConfigFiles;
import io.pptp2wg.config.text.Word;
import io.pptp2wg.config.text.WordReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a pppd options file (options.pptpd) with pppd 2.4.9's meaning for each option, including the
 * old spellings ({@code +chapms-v2}, {@code mppe-128}, {@code mppe-stateless}) and the
 * {@code mppe required,no40,no56,stateless} form of the MPPE-MPPC patch that OpenWrt writes.
 *
 * <p>Every option is one of: honoured; accepted but without effect on a gateway (listed as
 * "ignored" with the reason); impossible to honour (an error or a warning that says why); or
 * unknown (a warning; pppd would refuse to start, but an unknown option must not keep old users out).
 *
 * <p>Authentication, as pppd 2.4.9 reads it on a server (checked against pptpd 1.4.0, see
 * AuthNegotiationIT): the methods are the {@code require-*} options given; with none of them but
 * {@code auth}, every method pppd offers (MS-CHAPv2, MS-CHAPv1, CHAP-MD5, and PAP when pap-secrets has an
 * entry; pppd's EAP is not implemented); with neither, MS-CHAPv2 alone (pppd would ask for no
 * authentication at all, which the gateway never does: {@code noauth} is an error). {@code refuse-*}
 * only stops pppd from authenticating itself to the peer, so it changes nothing for clients (a warning
 * says so when the admin probably meant otherwise). When MPPE is required only MS-CHAP methods remain:
 * pppd lets a CHAP-MD5 or PAP client authenticate and then ends the link at CCP ("MPPE required but not
 * available"); the gateway refuses it before any password crosses the wire.
 */
public final class PppOptionsParser {
    /** {@code file} options may include other files; this stops a loop. */
    private static final int MAX_INCLUDE_DEPTH = 8;
    private static final Pattern LOCAL_REMOTE = Pattern.compile("^([0-9.]*):([0-9.]*)$");

    private PppOptionsParser() {}

    /** Accumulates what the file says before the defaults and rules are applied. */
    private static final class State {
        String name;
        final AuthSelection auth = new AuthSelection();
        final MppeOptions mppe = new MppeOptions();
        final List<Integer> dns = new ArrayList<>();
        final List<Integer> wins = new ArrayList<>();
        int mtu = PppOptions.DEFAULT_MRU;
        int mru = PppOptions.DEFAULT_MRU;
        boolean pfc = true;
        boolean acfc = true;
        int echoInterval;
        int echoFailure;
        int idle;
        int maxConnect;
        Integer local;
        Integer remote;
        boolean stripDomain;
        FsmLimits lcp = FsmLimits.RFC1661_DEFAULTS;
        FsmLimits ipcp = FsmLimits.RFC1661_DEFAULTS;
        int chapRestart = PppOptions.DEFAULT_CHAP_RESTART_SECONDS;
        int chapMaxChallenge = PppOptions.DEFAULT_CHAP_MAX_CHALLENGE;
        boolean debug;
        final RadiusPluginOptions radius = new RadiusPluginOptions();
    }

    public static PppOptions read(Path path, Problems problems) {
        State s = new State();
        readInto(path, s, problems, 0, null, 0);
        return finish(path, s, problems);
    }

    public static PppOptions parse(Path path, String content, Problems problems) {
        State s = new State();
        parseInto(path, content, s, problems, 0);
        return finish(path, s, problems);
    }

    private static void readInto(Path path, State s, Problems problems, int depth, String fromFile, int fromLine) {
        String content;
        try {
            content = ConfigFiles.read(path);
        } catch (IOException e) {
            if (fromFile == null) {
                problems.error(path.toString(), 0, "cannot read the pppd options file: " + describe(e));
            } else {
                problems.error(fromFile, fromLine, "cannot read included options file " + path + ": " + describe(e));
            }
            return;
        }
        parseInto(path, content, s, problems, depth);
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void parseInto(Path path, String content, State s, Problems problems, int depth) {
        String file = path.toString();
        var read = WordReader.read(content);
        read.unterminated().forEach(u -> problems.error(file, u.line(), "quote opened here is never closed"));
        List<Word> words = read.words();
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            String opt = w.text();
            int line = w.line();
            int argc = arity(opt);
            if (argc > 0 && i + 1 >= words.size()) {
                problems.error(file, line, "option '" + opt + "' needs a value");
                break;
            }
            String arg = argc > 0 ? words.get(++i).text() : null;
            switch (opt) {
                case "name" -> s.name = arg;
                case "file" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        problems.error(file, line, "options files include each other more than " + MAX_INCLUDE_DEPTH + " deep");
                    } else {
                        Optional<Path> included = problems.path(file, line, "'file'", arg);
                        if (included.isPresent()) {
                            readInto(included.get(), s, problems, depth + 1, file, line);
                        }
                    }
                }
                case "noauth" -> problems.error(file, line,
                        "'noauth' would let anyone in: the gateway always requires authentication; remove the option");
                case "require-mschap-v2", "+mschap-v2", "+chapms-v2" -> s.auth.require(AuthProtocol.MSCHAP_V2, line);
                case "require-mschap", "+mschap", "+chapms" -> s.auth.require(AuthProtocol.MSCHAP_V1, line);
                case "require-chap", "+chap" -> s.auth.require(AuthProtocol.CHAP_MD5, line);
                case "require-pap", "+pap" -> s.auth.require(AuthProtocol.PAP, line);
                case "auth" -> s.auth.auth(file, line);
                // on a server, pppd's refuse-* only concern authenticating ourselves to the peer (lcp_allowoptions)
                case "refuse-mschap-v2", "-mschap-v2", "-chapms-v2" -> s.auth.refuse(AuthProtocol.MSCHAP_V2, opt, file, line);
                case "refuse-mschap", "-mschap", "-chapms" -> s.auth.refuse(AuthProtocol.MSCHAP_V1, opt, file, line);
                case "refuse-chap", "-chap" -> s.auth.refuse(AuthProtocol.CHAP_MD5, opt, file, line);
                case "refuse-pap", "-pap" -> s.auth.refuse(AuthProtocol.PAP, opt, file, line);
                case "require-eap", "+eap" -> problems.error(file, line, "EAP is not supported; use require-mschap-v2");
                case "login" -> problems.warning(file, line,
                        "'login' (PAP against the system password database) cannot be honoured: PAP users come from pap-secrets");
                case "papcrypt" -> problems.error(file, line,
                        "'papcrypt' (crypt()ed passwords in pap-secrets) cannot be honoured: store plain passwords or NT hashes ($NT$...)");
                case "plugin" -> s.radius.plugin(file, line, arg, problems);
                case "radius-config-file" -> s.radius.configFile(file, line, arg, problems);
                case "avpair" -> s.radius.avpair(file, line, arg, problems);
                // MPPE, pppd 2.4.9 spellings
                case "require-mppe", "+mppe" -> s.mppe.require(line, MppeKeyLength.BITS_40, MppeKeyLength.BITS_128);
                case "require-mppe-40", "+mppe-40" -> s.mppe.require(line, MppeKeyLength.BITS_40);
                case "require-mppe-56", "+mppe-56" -> s.mppe.require(line, MppeKeyLength.BITS_56);
                case "require-mppe-128", "+mppe-128" -> s.mppe.require(line, MppeKeyLength.BITS_128);
                case "nomppe", "-mppe" -> s.mppe.refuse();
                case "nomppe-40", "-mppe-40" -> s.mppe.turnOff(MppeKeyLength.BITS_40);
                case "nomppe-56", "-mppe-56" -> s.mppe.turnOff(MppeKeyLength.BITS_56);
                case "nomppe-128", "-mppe-128" -> s.mppe.turnOff(MppeKeyLength.BITS_128);
                case "mppe-stateful" -> s.mppe.stateful(StatefulMppe.ALLOW);
                case "nomppe-stateful", "-mppe-stateful", "mppe-stateless" -> s.mppe.stateful(StatefulMppe.REFUSE);
                // MPPE, the MPPE-MPPC patch's spellings (OpenWrt, older distributions)
                case "mppe-40" -> s.mppe.require(line, MppeKeyLength.BITS_40);
                case "mppe-56" -> s.mppe.require(line, MppeKeyLength.BITS_56);
                case "mppe-128" -> s.mppe.require(line, MppeKeyLength.BITS_128);
                case "mppe" -> s.mppe.list(file, line, arg, problems);
                case "mppc" -> problems.warning(file, line, "MPPC compression is not supported and is always refused");
                case "ms-dns" -> address(file, line, opt, arg, s.dns, problems);
                case "ms-wins" -> address(file, line, opt, arg, s.wins, problems);
                case "mtu" -> s.mtu = range(file, line, opt, arg, 128, 16384, s.mtu, problems);
                case "mru" -> s.mru = range(file, line, opt, arg, 128, 16384, s.mru, problems);
                case "nopcomp", "-pc" -> s.pfc = false;
                case "noaccomp", "-ac" -> s.acfc = false;
                case "lcp-echo-interval" -> s.echoInterval = range(file, line, opt, arg, 0, 86400, s.echoInterval, problems);
                case "lcp-echo-failure" -> s.echoFailure = range(file, line, opt, arg, 0, 1000, s.echoFailure, problems);
                case "idle" -> s.idle = range(file, line, opt, arg, 0, Integer.MAX_VALUE, s.idle, problems);
                case "maxconnect" -> s.maxConnect = range(file, line, opt, arg, 0, Integer.MAX_VALUE, s.maxConnect, problems);
                case "chapms-strip-domain" -> s.stripDomain = true;
                case "lcp-restart" -> s.lcp = s.lcp.withRestartSeconds(range(file, line, opt, arg, 1, 3600, 3, problems));
                case "lcp-max-configure" -> s.lcp = s.lcp.withMaxConfigure(range(file, line, opt, arg, 1, 1000, 10, problems));
                case "lcp-max-terminate" -> s.lcp = s.lcp.withMaxTerminate(range(file, line, opt, arg, 1, 1000, 2, problems));
                case "lcp-max-failure" -> s.lcp = s.lcp.withMaxFailure(range(file, line, opt, arg, 1, 1000, 5, problems));
                case "ipcp-restart" -> s.ipcp = s.ipcp.withRestartSeconds(range(file, line, opt, arg, 1, 3600, 3, problems));
                case "ipcp-max-configure" -> s.ipcp = s.ipcp.withMaxConfigure(range(file, line, opt, arg, 1, 1000, 10, problems));
                case "ipcp-max-failure" -> s.ipcp = s.ipcp.withMaxFailure(range(file, line, opt, arg, 1, 1000, 5, problems));
                case "chap-restart" -> s.chapRestart = range(file, line, opt, arg, 1, 3600, s.chapRestart, problems);
                case "chap-max-challenge" -> s.chapMaxChallenge = range(file, line, opt, arg, 1, 1000, s.chapMaxChallenge, problems);
                case "debug", "-d" -> s.debug = true;
                case "multilink", "mp" -> problems.warning(file, line, "multilink cannot be honoured and is always rejected");
                case "callback" -> problems.warning(file, line, "callback cannot be honoured and is always rejected");
                default -> other(file, line, opt, arg, s, problems);
            }
        }
    }

    /** How many words after the option belong to it. */
    private static int arity(String opt) {
        return switch (opt) {
            case "name", "file", "plugin", "mppe", "ms-dns", "ms-wins", "mtu", "mru", "lcp-echo-interval",
                 "lcp-echo-failure", "idle", "maxconnect", "lcp-restart", "lcp-max-configure",
                 "lcp-max-terminate", "lcp-max-failure", "ipcp-restart", "ipcp-max-configure",
                 "ipcp-max-failure", "chap-restart", "chap-max-challenge", "callback", "radius-config-file",
                 "avpair" -> 1;
            default -> IgnoredOptions.takesArgument(opt) ? 1 : 0;
        };
    }

    private static void other(String file, int line, String opt, String arg, State s, Problems problems) {
        String why = IgnoredOptions.reason(opt, arg != null);
        if (why != null) {
            problems.ignored(file, line, opt + ": " + why);
            return;
        }
        var m = LOCAL_REMOTE.matcher(opt);
        if (m.matches() && (!m.group(1).isEmpty() || !m.group(2).isEmpty())) {
            if (!m.group(1).isEmpty()) {
                var a = Ipv4.parse(m.group(1));
                if (a.isEmpty()) {
                    problems.error(file, line, "'" + m.group(1) + "' in '" + opt + "' is not an IPv4 address");
                } else {
                    s.local = (int) a.getAsLong();
                }
            }
            if (!m.group(2).isEmpty()) {
                var a = Ipv4.parse(m.group(2));
                if (a.isEmpty()) {
                    problems.error(file, line, "'" + m.group(2) + "' in '" + opt + "' is not an IPv4 address");
                } else {
                    s.remote = (int) a.getAsLong();
                }
            }
            return;
        }
        if (opt.chars().allMatch(Character::isDigit)) {
            problems.ignored(file, line, opt + ": a line speed; there is no serial line");
            return;
        }
        if (opt.startsWith("/dev/")) {
            problems.ignored(file, line, opt + ": there is no serial device");
            return;
        }
        problems.warning(file, line, "unknown pppd option '" + opt + "', ignored");
    }

    private static void address(String file, int line, String opt, String arg, List<Integer> into, Problems problems) {
        var a = Ipv4.parse(arg);
        if (a.isEmpty()) {
            problems.error(file, line, "'" + opt + "' needs an IPv4 address, got '" + arg + "'");
        } else if (into.size() >= 2) {
            problems.warning(file, line, "only two " + opt + " servers can be sent (RFC 1877); '" + arg + "' is not used");
        } else {
            into.add((int) a.getAsLong());
        }
    }

    private static int range(String file, int line, String opt, String arg, int min, int max, int fallback, Problems problems) {
        try {
            int v = Integer.parseInt(arg);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.error(file, line, "'" + opt + "' needs a whole number from " + min + " to " + max + ", got '" + arg + "'");
        return fallback;
    }

    private static PppOptions finish(Path path, State s, Problems problems) {
        String file = path.toString();
        MppePolicy mppe = s.mppe.policy(file, problems);
        List<AuthProtocol> auth = s.auth.methods(file, mppe, problems);
        String name = s.name != null ? s.name : hostname();
        Optional<RadiusPlugin> radius = s.radius.finish(file, problems);
        return new PppOptions(path, name, auth, mppe, s.dns, s.wins, s.mtu, s.mru, s.pfc, s.acfc,
                s.echoInterval, s.echoFailure, s.idle, s.maxConnect, Optional.ofNullable(s.local),
                Optional.ofNullable(s.remote), s.stripDomain, s.lcp, s.ipcp, s.chapRestart, s.chapMaxChallenge, s.debug,
                radius);
    }

    /** pppd's default for {@code name} is the host name (read without a DNS lookup). */
    private static String hostname() {
        try {
            String h = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return h.isEmpty() ? "pptpd" : h;
        } catch (IOException e) {
            return "pptpd";
        }
    }
}
