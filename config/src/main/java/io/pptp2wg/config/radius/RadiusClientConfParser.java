package io.pptp2wg.config.radius;

import io.pptp2wg.config.Problems;
import io.pptp2wg.config.secrets.Secret;
import io.pptp2wg.config.text.ConfigFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads radiusclient.conf and its {@code servers} file the way pppd 2.4.9's radius plugin (its bundled
 * radiusclient) does: one {@code keyword value} per line, {@code #} starts a comment line; the servers
 * file holds {@code host secret} pairs. Each server named in {@code authserver}/{@code acctserver} needs
 * a secret there. Secrets are never put into a problem message.
 */
public final class RadiusClientConfParser {
    /** Keywords radiusclient knows that change nothing for a gateway, with the reason shown at start-up. */
    private static final Map<String, String> IGNORED = Map.ofEntries(
            Map.entry("auth_order", "logins always go to RADIUS (there is no local login program)"),
            Map.entry("login_tries", "a setting of radiusclient's login program, not of pppd's plugin"),
            Map.entry("login_timeout", "a setting of radiusclient's login program, not of pppd's plugin"),
            Map.entry("nologin", "a setting of radiusclient's login program, not of pppd's plugin"),
            Map.entry("issue", "a setting of radiusclient's login program, not of pppd's plugin"),
            Map.entry("login_radius", "a setting of radiusclient's login program, not of pppd's plugin"),
            Map.entry("login_local", "a setting of radiusclient's login program, not of pppd's plugin"),
            Map.entry("seqfile", "request identifiers are kept in memory for each server"),
            Map.entry("mapfile", "NAS-Port is the gateway's own call number, there are no ttys to map"),
            Map.entry("radius_deadtime", "servers are tried in turn for every request"),
            Map.entry("dictionary", "the standard (RFC 2865/2866/2869) and Microsoft (RFC 2548) attributes are built in"));

    private RadiusClientConfParser() {}

    public static RadiusClientConf read(RadiusPlugin plugin, Problems problems) {
        Path path = plugin.configFile();
        String content;
        try {
            content = ConfigFiles.read(path);
        } catch (IOException e) {
            problems.error(plugin.file(), plugin.line(), "'plugin radius.so': cannot read " + path + ": " + describe(e));
            return null;
        }
        return parse(plugin, content, problems);
    }

    /** A server as written before its secret is known. */
    private record Named(String host, int port, int line) {}

    public static RadiusClientConf parse(RadiusPlugin plugin, String content, Problems problems) {
        Path path = plugin.configFile();
        String file = path.toString();
        List<Named> auth = new ArrayList<>();
        List<Named> acct = new ArrayList<>();
        int timeout = RadiusClientConf.DEFAULT_TIMEOUT_SECONDS;
        int retries = RadiusClientConf.DEFAULT_RETRIES;
        Optional<String> nasId = Optional.empty();
        Optional<String> bind = Optional.empty();
        Optional<String> realm = Optional.empty();
        Path servers = null;
        int serversLine = 0;
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s+", 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1].strip() : "";
            if (value.isEmpty() && !IGNORED.containsKey(key) && !key.equals("default_realm")) {
                problems.error(file, lineNo, "'" + key + "' needs a value");
                continue;
            }
            switch (key) {
                case "authserver" -> servers(file, lineNo, value, RadiusServer.AUTH_PORT, auth, problems);
                case "acctserver" -> servers(file, lineNo, value, RadiusServer.ACCT_PORT, acct, problems);
                case "servers" -> {
                    Optional<Path> named = problems.path(file, lineNo, "'servers'", value);
                    if (named.isPresent()) {
                        servers = named.get();
                        serversLine = lineNo;
                    }
                }
                case "radius_timeout" -> timeout = number(file, lineNo, key, value, 1, 600, timeout, problems);
                case "radius_retries" -> retries = number(file, lineNo, key, value, 1, 100, retries, problems);
                case "nas_identifier" -> nasId = Optional.of(value);
                case "bindaddr" -> bind = value.equals("*") ? Optional.empty() : Optional.of(value);
                case "default_realm" -> realm = value.isEmpty() ? Optional.empty() : Optional.of(value);
                default -> {
                    String why = IGNORED.get(key);
                    if (why != null) {
                        problems.ignored(file, lineNo, key + ": " + why);
                    } else {
                        problems.warning(file, lineNo, "unknown radiusclient.conf keyword '" + key + "', ignored");
                    }
                }
            }
        }
        if (auth.isEmpty()) {
            problems.error(file, 0, "no 'authserver': the radius plugin needs at least one server to send logins to");
        }
        if (servers == null) {
            problems.error(file, 0, "no 'servers' file: the shared secrets of the RADIUS servers are read from it");
            return null;
        }
        Map<String, Secret> secrets = readServers(servers, file, serversLine, problems);
        if (secrets == null) {
            return null;
        }
        try {
            List<RadiusServer> authServers = withSecrets(auth, secrets, file, servers, problems);
            List<RadiusServer> acctServers = withSecrets(acct, secrets, file, servers, problems);
            return new RadiusClientConf(path, authServers, acctServers, timeout, retries, nasId, bind, realm, plugin);
        } finally {
            secrets.values().forEach(Secret::destroy);
        }
    }

    /** {@code host[:port]}, several separated by commas or blanks (radiusclient's list form). */
    private static void servers(String file, int line, String value, int defaultPort, List<Named> into, Problems problems) {
        for (String item : value.split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split(":", -1);
            if (parts.length > 2) {
                problems.error(file, line, "'" + item + "' is not host[:port] (secrets belong in the servers file)");
                continue;
            }
            int port = defaultPort;
            if (parts.length == 2) {
                try {
                    port = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    problems.error(file, line, "'" + item + "': the port must be a number from 1 to 65535");
                    continue;
                }
            }
            if (parts[0].isEmpty()) {
                problems.error(file, line, "'" + item + "' names no host");
                continue;
            }
            if (into.size() >= RadiusClientConf.MAX_SERVERS) {
                problems.warning(file, line, "more than " + RadiusClientConf.MAX_SERVERS + " servers, as radiusclient allows; '"
                        + item + "' is not used");
                continue;
            }
            into.add(new Named(parts[0], port, line));
        }
    }

    private static Map<String, Secret> readServers(Path servers, String confFile, int confLine, Problems problems) {
        String content;
        try {
            content = ConfigFiles.read(servers);
        } catch (IOException e) {
            problems.error(confFile, confLine, "cannot read the servers file " + servers + ": " + describe(e));
            return null;
        }
        String file = servers.toString();
        Map<String, Secret> out = new java.util.HashMap<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] hs = line.split("\\s+", 2);
            if (hs.length < 2 || hs[1].isBlank()) {
                problems.error(file, i + 1, "an entry needs: host secret (the secret of '" + hs[0] + "' is missing)");
                continue;
            }
            String host = hostKey(hs[0]);
            if (out.containsKey(host)) {
                problems.warning(file, i + 1, "server '" + hs[0] + "' is listed again; the earlier secret is used");
                continue;
            }
            char[] chars = hs[1].strip().toCharArray();
            out.put(host, Secret.ofPassword(chars));
            Arrays.fill(chars, '\0');
        }
        return out;
    }

    /** radiusclient looks a server up by its host name; a port written in the servers file is not part of it. */
    private static String hostKey(String host) {
        int colon = host.indexOf(':');
        return (colon >= 0 ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
    }

    private static List<RadiusServer> withSecrets(List<Named> named, Map<String, Secret> secrets, String file,
                                                  Path servers, Problems problems) {
        List<RadiusServer> out = new ArrayList<>();
        for (Named n : named) {
            Secret s = secrets.get(hostKey(n.host()));
            if (s == null) {
                problems.error(file, n.line(), "no secret for server '" + n.host() + "' in " + servers);
                continue;
            }
            char[] pw = s.password();
            out.add(new RadiusServer(n.host(), n.port(), Secret.ofPassword(pw), file, n.line()));
            Arrays.fill(pw, '\0');
        }
        return out;
    }

    private static int number(String file, int line, String key, String value, int min, int max, int fallback, Problems problems) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.error(file, line, "'" + key + "' needs a whole number from " + min + " to " + max + ", got '" + value + "'");
        return fallback;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
