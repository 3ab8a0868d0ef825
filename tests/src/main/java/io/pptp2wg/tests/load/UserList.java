package io.pptp2wg.tests.load;

import io.pptp2wg.config.secrets.Secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who each session logs in as. Session {@code i} (from 0) uses entry {@code i mod size}: one user for
 * every session, a numbered series (a printf pattern such as {@code user%02d} for the name and
 * optionally the password, numbered from 1, or from {@code --user-first}), or a file with one user per line, either
 * {@code user password} or chap-secrets' {@code user server password [address]}, quotes allowed,
 * {@code #} comments. Secrets are built once per user.
 */
final class UserList {
    record Credentials(String user, Secret secret) {}

    private final List<Credentials> entries;

    private UserList(List<Credentials> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no users");
        }
        this.entries = List.copyOf(entries);
    }

    static UserList single(String user, String password) {
        return new UserList(List.of(new Credentials(user, Secret.ofPassword(password.toCharArray()))));
    }

    /** {@code count} users from printf patterns (a pattern without a conversion gives the same text each time). */
    static UserList numbered(String userPattern, String passwordPattern, int count) {
        return numbered(userPattern, passwordPattern, 1, count);
    }

    /** {@code count} users numbered from {@code first}: runs that must not share a user (the SIGKILL test's rounds). */
    static UserList numbered(String userPattern, String passwordPattern, int first, int count) {
        if (first < 0 || count < 1) {
            throw new IllegalArgumentException("--user-first must be at least 0 and --user-count at least 1");
        }
        List<Credentials> list = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            list.add(new Credentials(String.format(Locale.ROOT, userPattern, i),
                    Secret.ofPassword(String.format(Locale.ROOT, passwordPattern, i).toCharArray())));
        }
        return new UserList(list);
    }

    static UserList file(Path path) {
        try {
            return parse(Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the user list " + path, e);
        }
    }

    static UserList parse(List<String> lines) {
        List<Credentials> list = new ArrayList<>();
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            List<String> words = words(s);
            if (words.size() == 2) {
                list.add(new Credentials(words.get(0), Secret.ofPassword(words.get(1).toCharArray())));
            } else if (words.size() == 3 || words.size() == 4) {
                list.add(new Credentials(words.get(0), Secret.ofPassword(words.get(2).toCharArray())));
            } else {
                throw new IllegalArgumentException("user list line is neither 'user password' nor chap-secrets: " + words.getFirst());
            }
        }
        return new UserList(list);
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }

    Credentials forSession(int index) {
        return entries.get(Math.floorMod(index, entries.size()));
    }

    int size() {
        return entries.size();
    }
}
