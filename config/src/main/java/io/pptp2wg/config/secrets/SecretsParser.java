package io.pptp2wg.config.secrets;

import io.pptp2wg.config.Ipv4;
import io.pptp2wg.config.Problems;
import io.pptp2wg.config.text.ConfigFiles;
import io.pptp2wg.config.text.Word;
import io.pptp2wg.config.text.WordReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads chap-secrets and pap-secrets as pppd does: words as in options files (quotes, escapes,
 * comments), one entry per line: client, server, secret, then allowed addresses. A secret written
 * {@code @/path} is read from that file's first line, as pppd does. Problems never quote a secret.
 */
public final class SecretsParser {
    private SecretsParser() {}

    public static List<SecretsEntry> parse(Path path, String content, Problems problems) {
        String file = path.toString();
        var read = WordReader.read(content);
        read.unterminated().forEach(u -> problems.error(file, u.line(), "quote opened here is never closed"));
        List<SecretsEntry> entries = new ArrayList<>();
        List<Word> words = read.words();
        int i = 0;
        while (i < words.size()) {
            int start = i;
            int line = words.get(i).line();
            i++;
            while (i < words.size() && !words.get(i).firstOnLine()) {
                i++;
            }
            List<Word> entry = words.subList(start, i);
            if (entry.size() < 3) {
                problems.error(file, line, "an entry needs at least: client server secret"
                        + (entry.size() == 2 ? " (the secret is missing)" : ""));
                continue;
            }
            String client = entry.get(0).text();
            String server = entry.get(1).text();
            Secret secret = secretOf(entry.get(2).text(), path, file, line, problems);
            if (secret == null) {
                continue;
            }
            if (client.isEmpty()) {
                problems.error(file, line, "empty client (user) name");
                continue;
            }
            Optional<Integer> fixed = Optional.empty();
            boolean any = entry.size() == 3;
            for (Word w : entry.subList(3, entry.size())) {
                String a = w.text();
                if (a.equals("--")) {
                    problems.warning(file, line, "per-user pppd options after '--' are not supported and are ignored");
                    break;
                }
                if (a.equals("*")) {
                    any = true;
                } else if (a.equals("-")) {
                    problems.warning(file, line, "user '" + client + "' may have no address ('-'): logins will fail IPCP");
                } else if (a.contains("/") || a.startsWith("!") || a.startsWith("+")) {
                    any = true;
                    problems.warning(file, line, "address rule '" + a + "' is not supported; user '" + client
                            + "' gets a pool address");
                } else {
                    var ip = Ipv4.parse(a);
                    if (ip.isEmpty()) {
                        problems.error(file, line, "'" + a + "' is not an IPv4 address (user '" + client + "')");
                    } else if (fixed.isPresent()) {
                        problems.warning(file, line, "user '" + client + "' lists several addresses; the first one, "
                                + Ipv4.format(fixed.get()) + ", is used");
                    } else {
                        fixed = Optional.of((int) ip.getAsLong());
                    }
                }
            }
            entries.add(new SecretsEntry(client, server, secret, fixed, any && fixed.isEmpty(), file, line));
        }
        return entries;
    }

    private static Secret secretOf(String value, Path path, String file, int line, Problems problems) {
        if (value.startsWith("@") && value.length() > 1) {
            Optional<Path> named = problems.path(file, line, "the secret file of this entry", value.substring(1));
            if (named.isEmpty()) {
                return null;
            }
            Path from = named.get();
            try {
                String content = ConfigFiles.read(from);
                int nl = content.indexOf('\n');
                String first = (nl < 0 ? content : content.substring(0, nl)).strip();
                return Secret.fromFileValue(first);
            } catch (IOException e) {
                problems.error(file, line, "cannot read the secret file " + from + " named in this entry");
                return null;
            }
        }
        return Secret.fromFileValue(value);
    }
}
