package io.pptp2wg.config.ppp;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.radius.AvPair;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.text.ConfigFiles;
import io.pptp2wg.config.text.Word;
import io.pptp2wg.config.text.WordReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** Options that change nothing for a gateway, with the reason shown at start-up. */
    private static final Map<String, String> IGNORED_FLAGS = Map.ofEntries(
            Map.entry("proxyarp", "traffic goes into WireGuard, there is no LAN to answer ARP on"),
            Map.entry("noproxyarp", "traffic goes into WireGuard, there is no LAN to answer ARP on"),
            Map.entry("lock", "there is no serial device to lock"),
            Map.entry("nolock", "there is no serial device to lock"),
            Map.entry("nobsdcomp", "compression other than MPPE encryption is always refused"),
            Map.entry("nodeflate", "compression other than MPPE encryption is always refused"),
            Map.entry("nopredictor1", "compression other than MPPE encryption is always refused"),
            Map.entry("nomppc", "MPPC compression is always refused"),
            Map.entry("novj", "Van Jacobson header compression is always rejected"),
            Map.entry("-vj", "Van Jacobson header compression is always rejected"),
            Map.entry("novjccomp", "Van Jacobson header compression is always rejected"),
            Map.entry("-vjccomp", "Van Jacobson header compression is always rejected"),
            Map.entry("nologfd", "the gateway logs through the logging section of config.yml"),
            Map.entry("dump", "the gateway's configuration is shown by `pptp2wg check`"),
            Map.entry("noipx", "IPX is not carried"),
            Map.entry("nodefaultroute", "the gateway never changes its own routes"),
            Map.entry("defaultroute", "the gateway never changes its own routes"),
            Map.entry("ipcp-accept-local", "addresses are assigned by the gateway"),
            Map.entry("ipcp-accept-remote", "addresses are assigned by the gateway"),
            Map.entry("noipdefault", "addresses are assigned by the gateway"),
            Map.entry("default-asyncmap", "async control-character maps do not apply to frames carried in GRE"),
            Map.entry("crtscts", "there is no serial line"),
            Map.entry("nocrtscts", "there is no serial line"),
            Map.entry("modem", "there is no serial line"),
            Map.entry("local", "there is no serial line"),
            Map.entry("persist", "a client-side option"),
            Map.entry("nopersist", "a client-side option"),
            Map.entry("nodetach", "the gateway is one process"),
            Map.entry("-detach", "the gateway is one process"),
            Map.entry("updetach", "the gateway is one process"),
            Map.entry("ktune", "the gateway does not change kernel settings"),
            Map.entry("noktune", "the gateway does not change kernel settings"),
            Map.entry("hide-password", "secrets are never logged"),
            Map.entry("show-password", "secrets are never logged"),
            Map.entry("usepeerdns", "a client-side option"),
            Map.entry("silent", "the gateway always waits for the client to start LCP"),
            Map.entry("passive", "the gateway always waits for the client to start LCP"),
            Map.entry("receive-all", "async control-character maps do not apply to frames carried in GRE"),
            Map.entry("noccp", "CCP is used only for MPPE, as the MPPE options say"),
            Map.entry("nomultilink", "multilink is always rejected"),
            Map.entry("nomp", "multilink is always rejected"),
            Map.entry("lcp-echo-adaptive", "echoes are sent every lcp-echo-interval"),
            Map.entry("refuse-eap", "EAP is never offered"),
            Map.entry("-eap", "EAP is never offered"),
            Map.entry("+ipv6", "IPv6 is not carried: IPV6CP is answered with Protocol-Reject"),
            Map.entry("ipv6cp-use-ipaddr", "IPv6 is not carried"),
            Map.entry("noipv6", "IPv6 is not carried"),
            Map.entry("-ipv6", "IPv6 is not carried"),
            Map.entry("nomagic", "the Magic-Number option is always negotiated, for loop detection"),
            Map.entry("noendpoint", "multilink is always rejected"));

    /** Options with one argument that change nothing for a gateway. */
    private static final Map<String, String> IGNORED_WITH_ARG = Map.ofEntries(
            Map.entry("logfile", "the gateway logs through the logging section of config.yml"),
            Map.entry("logfd", "the gateway logs through the logging section of config.yml"),
            Map.entry("kdebug", "there is no kernel PPP driver"),
            Map.entry("netmask", "each client gets a host address"),
            Map.entry("asyncmap", "async control-character maps do not apply to frames carried in GRE"),
            Map.entry("holdoff", "a client-side option"),
            Map.entry("maxfail", "a client-side option"),
            Map.entry("connect-delay", "a client-side option"),
            Map.entry("ipparam", "there is no ip-up script to pass it to"),
            Map.entry("linkname", "there is no pid file per link"),
            Map.entry("unit", "there are no ppp interfaces"),
            Map.entry("remotename", "a client-side option"),
            Map.entry("user", "a client-side option"),
            Map.entry("password", "a client-side option"),
            Map.entry("vj-max-slots", "Van Jacobson header compression is always rejected"),
            Map.entry("bsdcomp", "compression other than MPPE encryption is always refused"),
            Map.entry("deflate", "compression other than MPPE encryption is always refused"),
            Map.entry("mrru", "multilink is always rejected"),
            Map.entry("pap-restart", "PAP requests are answered as they come"),
            Map.entry("pap-max-authreq", "PAP requests are answered as they come"),
            Map.entry("pap-timeout", "PAP requests are answered as they come"),
            Map.entry("chap-interval", "CHAP is not repeated during a session (pppd's default)"),
            Map.entry("ipcp-max-terminate", "IPCP takes its terminate count from lcp-max-terminate"),
            Map.entry("init", "there is no serial line"),
            Map.entry("connect", "there is no serial line"),
            Map.entry("disconnect", "there is no serial line"),
            Map.entry("welcome", "there is no serial line"),
            Map.entry("pty", "the gateway terminates PPP itself"),
            Map.entry("ipv6", "IPv6 is not carried"),
            Map.entry("allow-ip", "addresses come from chap-secrets and remoteip"),
            Map.entry("allow-number", "there is no telephone number"),
            Map.entry("idle-active", "idle counts traffic in both directions"));

    private PppOptionsParser() {}

    /** Accumulates what the file says before the defaults and rules are applied. */
    private static final class State {
        String name;
        final AuthSelection auth = new AuthSelection();
        boolean mppeRequired;
        boolean mppeRefused;
        final Set<MppeKeyLength> mppeOn = EnumSet.noneOf(MppeKeyLength.class);
        final Set<MppeKeyLength> mppeOff = EnumSet.noneOf(MppeKeyLength.class);
        StatefulMppe stateful = StatefulMppe.REFUSE;
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
        boolean mppeSeen;
        int mppeLine;
        int radiusLine;
        Path radiusConfig = RadiusPlugin.DEFAULT_CONFIG_FILE;
        int radiusConfigLine;
        final List<AvPair> avpairs = new ArrayList<>();
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
                case "plugin" -> plugin(file, line, arg, s, problems);
                case "radius-config-file" -> {
                    Optional<Path> radiusConfig = problems.path(file, line, "'radius-config-file'", arg);
                    if (radiusConfig.isPresent()) {
                        s.radiusConfig = radiusConfig.get();
                        s.radiusConfigLine = line;
                    }
                    if (s.radiusLine == 0) {
                        problems.warning(file, line, "'radius-config-file' before 'plugin radius.so': pppd would not know "
                                + "the option yet and refuse to start; the gateway uses it anyway");
                    }
                }
                case "avpair" -> {
                    AvPair pair = AvPair.parse(arg, file, line);
                    if (pair == null) {
                        problems.error(file, line, "'avpair' needs ATTRIBUTE=VALUE, got '" + arg + "'");
                    } else {
                        s.avpairs.add(pair);
                    }
                }
                // MPPE, pppd 2.4.9 spellings
                case "require-mppe", "+mppe" -> mppe(s, line, true, MppeKeyLength.BITS_40, MppeKeyLength.BITS_128);
                case "require-mppe-40", "+mppe-40" -> mppe(s, line, true, MppeKeyLength.BITS_40);
                case "require-mppe-56", "+mppe-56" -> mppe(s, line, true, MppeKeyLength.BITS_56);
                case "require-mppe-128", "+mppe-128" -> mppe(s, line, true, MppeKeyLength.BITS_128);
                case "nomppe", "-mppe" -> {
                    s.mppeRefused = true;
                    s.mppeSeen = true;
                }
                case "nomppe-40", "-mppe-40" -> s.mppeOff.add(MppeKeyLength.BITS_40);
                case "nomppe-56", "-mppe-56" -> s.mppeOff.add(MppeKeyLength.BITS_56);
                case "nomppe-128", "-mppe-128" -> s.mppeOff.add(MppeKeyLength.BITS_128);
                case "mppe-stateful" -> s.stateful = StatefulMppe.ALLOW;
                case "nomppe-stateful", "-mppe-stateful", "mppe-stateless" -> s.stateful = StatefulMppe.REFUSE;
                // MPPE, the MPPE-MPPC patch's spellings (OpenWrt, older distributions)
                case "mppe-40" -> mppe(s, line, true, MppeKeyLength.BITS_40);
                case "mppe-56" -> mppe(s, line, true, MppeKeyLength.BITS_56);
                case "mppe-128" -> mppe(s, line, true, MppeKeyLength.BITS_128);
                case "mppe" -> mppeList(s, file, line, arg, problems);
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
            default -> IGNORED_WITH_ARG.containsKey(opt) ? 1 : 0;
        };
    }

    private static void other(String file, int line, String opt, String arg, State s, Problems problems) {
        String why = IGNORED_FLAGS.get(opt);
        if (why == null && arg != null) {
            why = IGNORED_WITH_ARG.get(opt);
        }
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

    /** pppd loads plugins by path or by name from its plugin directory; only the file name matters here. */
    private static void plugin(String file, int line, String arg, State s, Problems problems) {
        String name = arg.substring(arg.lastIndexOf('/') + 1); // not Path.of: the file may hold a NUL (fuzzing found it)
        switch (name) {
            case "radius.so" -> s.radiusLine = line;
            case "radattr.so" -> problems.ignored(file, line, "plugin " + arg + ": radattr writes RADIUS reply attributes "
                    + "to /var/run/radattr.pppN for ip-up scripts; the gateway runs no ip-up scripts");
            case "radrealms.so" -> problems.error(file, line, "'plugin " + arg + "' cannot be loaded: choosing the RADIUS "
                    + "server by realm is not supported; list the servers in radiusclient.conf");
            default -> problems.error(file, line, "'plugin " + arg
                    + "' cannot be loaded: the gateway is not pppd; users come from chap-secrets/pap-secrets"
                    + " (or from RADIUS with 'plugin radius.so')");
        }
    }

    private static void mppe(State s, int line, boolean require, MppeKeyLength... lengths) {
        s.mppeRequired |= require;
        s.mppeOn.addAll(List.of(lengths));
        s.mppeSeen = true;
        if (s.mppeLine == 0) {
            s.mppeLine = line;
        }
    }

    /** {@code mppe required,no40,no56,stateless}: the MPPE-MPPC patch's list form. */
    private static void mppeList(State s, String file, int line, String arg, Problems problems) {
        boolean required = false;
        Set<MppeKeyLength> on = EnumSet.allOf(MppeKeyLength.class);
        for (String raw : arg.split("[,\\s]+")) {
            String item = raw.strip();
            switch (item) {
                case "" -> { }
                case "required", "require-mppe" -> required = true;
                case "optional" -> problems.warning(file, line,
                        "optional MPPE does not exist in pppd 2.4.9: MPPE is required when enabled");
                case "stateless", "nomppe-stateful" -> s.stateful = StatefulMppe.REFUSE;
                case "stateful", "mppe-stateful" -> s.stateful = StatefulMppe.ALLOW;
                case "no40", "nomppe-40" -> on.remove(MppeKeyLength.BITS_40);
                case "no56", "nomppe-56" -> on.remove(MppeKeyLength.BITS_56);
                case "no128", "nomppe-128" -> on.remove(MppeKeyLength.BITS_128);
                case "40", "56", "128" -> { }
                case "no", "off" -> {
                    s.mppeRefused = true;
                    s.mppeSeen = true;
                    return;
                }
                default -> problems.error(file, line, "unknown word '" + item
                        + "' in the mppe option (known: required, stateless, stateful, no40, no56, no128)");
            }
        }
        if (!required) {
            problems.warning(file, line, "'mppe " + arg + "' without 'required': pppd 2.4.9 has no optional MPPE, so MPPE is required");
        }
        s.mppeRequired = true;
        s.mppeOn.addAll(on);
        for (MppeKeyLength k : MppeKeyLength.values()) {
            if (!on.contains(k)) {
                s.mppeOff.add(k);
            }
        }
        s.mppeSeen = true;
        if (s.mppeLine == 0) {
            s.mppeLine = line;
        }
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
        // MPPE
        MppePolicy mppe;
        if (s.mppeRefused || !s.mppeRequired) {
            mppe = MppePolicy.refused();
        } else {
            Set<MppeKeyLength> lengths = EnumSet.noneOf(MppeKeyLength.class);
            lengths.addAll(s.mppeOn);
            lengths.removeAll(s.mppeOff);
            if (lengths.isEmpty()) {
                problems.error(file, s.mppeLine, "MPPE is required but every key length (40, 56, 128) is turned off");
                lengths.add(MppeKeyLength.BITS_128);
            }
            mppe = new MppePolicy(true, lengths, s.stateful);
        }
        List<AuthProtocol> auth = s.auth.methods(file, mppe, problems);
        String name = s.name != null ? s.name : hostname();
        Optional<RadiusPlugin> radius = Optional.empty();
        if (s.radiusLine != 0) {
            radius = Optional.of(new RadiusPlugin(file, s.radiusLine, s.radiusConfig, s.avpairs));
        } else if (!s.avpairs.isEmpty()) {
            problems.warning(file, s.avpairs.get(0).line(), "'avpair' has no effect without 'plugin radius.so'");
        } else if (s.radiusConfigLine != 0) {
            problems.warning(file, s.radiusConfigLine, "'radius-config-file' has no effect without 'plugin radius.so'");
        }
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
