package io.pptp2wg.tests.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One machine-readable console line of the guest: {@code TAG [words...] key=value key="text" ...}
 * (TAG = RESULT, END, READY, HARNESS). Words before the first key are positional (for RESULT: the
 * scenario and the kind); double-quoted values may hold spaces and never hold a double quote.
 */
public record ResultLine(String tag, List<String> words, Map<String, String> fields) {
    public static Optional<ResultLine> parse(String line) {
        List<String> tokens = tokens(line.strip());
        if (tokens.isEmpty() || !tokens.getFirst().matches("[A-Z]+")) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String t : tokens.subList(1, tokens.size())) {
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).matches("[a-z_][a-z0-9_]*")) {
                String v = t.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                fields.put(t.substring(0, eq), v);
            } else if (fields.isEmpty()) {
                words.add(t);
            }
        }
        return Optional.of(new ResultLine(tokens.getFirst(), List.copyOf(words), Collections.unmodifiableMap(fields)));
    }

    /** Splits on spaces outside double quotes. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ' ' && !quoted) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    public String word(int i) {
        return i < words.size() ? words.get(i) : "";
    }

    public String get(String key) {
        return fields.getOrDefault(key, "");
    }

    public int getInt(String key, int otherwise) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    public long getLong(String key, long otherwise) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    public double getDouble(String key, double otherwise) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
