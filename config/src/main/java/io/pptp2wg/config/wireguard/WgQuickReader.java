package io.pptp2wg.config.wireguard;

import com.wireguard.config.BadConfigException;
import com.wireguard.config.Config;
import io.pptp2wg.config.Problems;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a wg-quick file with the wireguard-android library's {@link Config#parse}. wg-quick's own
 * keys that only its shell script uses (Table, PreUp, PostUp, PreDown, PostDown, SaveConfig,
 * FwMark) are listed as ignored and blanked before parsing, keeping line numbers, so that a
 * file that works with wg-quick works here. The library reports a problem by attribute, not line;
 * the line is found again by the attribute's name.
 */
public final class WgQuickReader {
    private static final Set<String> WG_QUICK_ONLY = Set.of("table", "preup", "postup", "predown", "postdown",
            "saveconfig", "fwmark");

    private WgQuickReader() {}

    public static Optional<WireGuardSettings> parse(Path path, String content, WireGuardMode mode, Problems problems) {
        String file = path.toString();
        String[] lines = content.split("\n", -1);
        StringBuilder cleaned = new StringBuilder();
        int peers = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("\r", "");
            String key = keyOf(line);
            if (key != null && WG_QUICK_ONLY.contains(key.toLowerCase(Locale.ROOT))) {
                problems.ignored(file, i + 1, key + ": a wg-quick script setting; the gateway has no interface to run it on");
                line = "";
            }
            if (line.strip().equalsIgnoreCase("[Peer]")) {
                peers++;
            }
            cleaned.append(line).append('\n');
        }
        Config config;
        try {
            config = Config.parse(new BufferedReader(new StringReader(cleaned.toString())));
        } catch (BadConfigException e) {
            problems.error(file, lineOf(lines, e), describe(e));
            return Optional.empty();
        } catch (IOException e) {
            problems.error(file, 0, "cannot read: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            problems.error(file, 0, "not a wg-quick file: " + e.getMessage());
            return Optional.empty();
        }
        if (peers != 1 || config.getPeers().size() != 1) {
            problems.error(file, 0, "needs exactly one [Peer] section, the backend WireGuard server (found " + peers + ")");
            return Optional.empty();
        }
        var backend = config.getPeers().getFirst();
        if (backend.getEndpoint().isEmpty()) {
            problems.error(file, lineOfKey(lines, "Endpoint", "[Peer]"), "the backend [Peer] needs an Endpoint (host:port): the gateway connects to it");
        }
        if (backend.getAllowedIps().isEmpty()) {
            problems.error(file, lineOfKey(lines, "AllowedIPs", "[Peer]"),
                    "the backend [Peer] needs AllowedIPs: the networks that PPTP users reach through it");
        }
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new WireGuardSettings(path, config, mode));
    }

    private static String keyOf(String line) {
        String s = line.strip();
        int eq = s.indexOf('=');
        if (s.startsWith("#") || s.startsWith("[") || eq <= 0) {
            return null;
        }
        return s.substring(0, eq).strip();
    }

    private static String describe(BadConfigException e) {
        String where = e.getSection().getName() + (e.getLocation().getName().isEmpty() ? "" : " " + e.getLocation().getName());
        String reason = switch (e.getReason()) {
            case INVALID_KEY -> "is not a valid base64 WireGuard key";
            case INVALID_NUMBER -> "is not a valid number";
            case INVALID_VALUE -> "has an invalid value";
            case MISSING_ATTRIBUTE -> "is missing";
            case MISSING_SECTION -> "section is missing";
            case SYNTAX_ERROR -> "has a syntax error";
            case UNKNOWN_ATTRIBUTE -> "is not a known setting";
            case UNKNOWN_SECTION -> "is not a known section";
        };
        boolean secretField = e.getLocation() == BadConfigException.Location.PRIVATE_KEY
                || e.getLocation() == BadConfigException.Location.PRE_SHARED_KEY;
        CharSequence text = e.getText();
        String shown = secretField || text == null || text.isEmpty() ? "" : " ('" + text + "')";
        return where + " " + reason + shown;
    }

    private static int lineOf(String[] lines, BadConfigException e) {
        String name = e.getLocation().getName();
        if (e.getReason() == BadConfigException.Reason.UNKNOWN_ATTRIBUTE && e.getText() != null) {
            String text = e.getText().toString();
            int eq = text.indexOf('=');
            name = (eq > 0 ? text.substring(0, eq) : text).strip();
        }
        if (name.isEmpty()) {
            return 0;
        }
        return lineOfKey(lines, name, "[" + e.getSection().getName() + "]");
    }

    private static int lineOfKey(String[] lines, String key, String section) {
        boolean inSection = false;
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].strip();
            if (s.startsWith("[")) {
                inSection = s.equalsIgnoreCase(section);
            }
            String k = keyOf(s);
            if (k != null && k.equalsIgnoreCase(key) && inSection) {
                return i + 1;
            }
        }
        return 0;
    }
}
