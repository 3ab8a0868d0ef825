package io.pptp2wg.config.pptpd;

import io.pptp2wg.config.AddressList;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.Problems;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads pptpd.conf as pptpd does: one {@code keyword [value]} per line, {@code #} starts a comment,
 * keywords in any case. Keywords pptpd knows but a gateway has no use for are listed as ignored
 * with the reason; {@code bcrelay} cannot be honoured and says so; unknown keywords are warnings
 * (pptpd itself skips them silently).
 */
public final class PptpdConfParser {
    private PptpdConfParser() {}

    public static PptpdConf parse(Path path, String content, Problems problems) {
        String file = path.toString();
        Optional<Path> option = Optional.empty();
        int optionLine = 0;
        AddressList local = AddressList.empty();
        int localLine = 0;
        AddressList remote = AddressList.empty();
        int remoteLine = 0;
        Optional<String> listen = Optional.empty();
        int connections = PptpdConf.DEFAULT_CONNECTIONS;
        boolean logwtmp = false;
        int stimeout = PptpdConf.DEFAULT_STIMEOUT_SECONDS;
        boolean delegate = false;
        boolean noipparam = false;
        boolean debug = false;

        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] kv = line.split("[ \t\r]+", 2);
            String keyword = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            switch (keyword) {
                case "option" -> {
                    if (value.isEmpty()) {
                        problems.error(file, lineNo, "'option' needs the path of the pppd options file");
                    } else {
                        Optional<Path> named = problems.path(file, lineNo, "'option'", value);
                        if (named.isPresent()) {
                            option = named;
                            optionLine = lineNo;
                        }
                    }
                }
                case "localip", "remoteip" -> {
                    if (value.isEmpty()) {
                        problems.error(file, lineNo, "'" + keyword + "' needs an address list such as 192.0.2.10-20,192.0.2.30");
                        continue;
                    }
                    var parsed = AddressList.parse(value.replaceAll("[ \t]", ""));
                    if (parsed.list().isEmpty()) {
                        problems.error(file, lineNo, keyword + ": " + parsed.error());
                    } else if (keyword.equals("localip")) {
                        local = parsed.list().get();
                        localLine = lineNo;
                    } else {
                        remote = parsed.list().get();
                        remoteLine = lineNo;
                    }
                }
                case "listen" -> {
                    if (Ipv4.parse(value).isEmpty()) {
                        problems.error(file, lineNo, "'listen' needs an IPv4 address, got '" + value + "'");
                    } else {
                        listen = Optional.of(value);
                    }
                }
                case "connections" -> connections = positive(file, lineNo, keyword, value, connections, problems);
                case "stimeout" -> stimeout = positive(file, lineNo, keyword, value, stimeout, problems);
                case "logwtmp" -> logwtmp = true;
                case "delegate" -> {
                    delegate = true;
                    problems.warning(file, lineNo, "'delegate' hands address allocation to pppd plugins (radius); "
                            + "the gateway allocates from remoteip and chap-secrets instead");
                }
                case "noipparam" -> {
                    noipparam = true;
                    problems.ignored(file, lineNo, "noipparam: there is no pppd to pass ipparam to");
                }
                case "debug" -> debug = true;
                case "bcrelay" -> problems.warning(file, lineNo, "'bcrelay " + value
                        + "' cannot be honoured: broadcasts are not relayed into tunnels (WireGuard carries no broadcast)");
                case "nobcrelay" -> problems.ignored(file, lineNo, "nobcrelay: broadcasts are never relayed");
                case "speed" -> problems.ignored(file, lineNo, "speed: there is no serial line to set a speed on");
                case "ppp" -> problems.ignored(file, lineNo, "ppp: PPP runs inside the gateway, no pppd program is started");
                case "pidfile" -> problems.ignored(file, lineNo, "pidfile: run the gateway under systemd or another supervisor, which tracks its PID");
                case "ppp_mtu", "mtu" -> problems.ignored(file, lineNo, keyword + ": set mtu/mru in the pppd options file");
                default -> problems.warning(file, lineNo, "unknown pptpd.conf keyword '" + kv[0] + "', ignored");
            }
        }
        return new PptpdConf(path, option, optionLine, local, localLine, remote, remoteLine, listen,
                connections, logwtmp, stimeout, delegate, noipparam, debug);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    static int positive(String file, int line, String keyword, String value, int fallback, Problems problems) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.error(file, line, "'" + keyword + "' needs a positive whole number, got '" + value + "'");
        return fallback;
    }
}
