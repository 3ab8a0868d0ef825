package io.pptp2wg.tests.lab;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keys for the guest's /init, written as a file it sources: {@code key='value'} lines, single quotes
 * escaped, so any text (multi-line chap-secrets, option lists) arrives verbatim.
 */
final class GuestConfig {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");
    private final Map<String, String> values = new LinkedHashMap<>();

    GuestConfig set(String key, Object value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("guest key must match " + KEY + ": " + key);
        }
        String v = String.valueOf(value);
        if (v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("guest value with NUL for " + key);
        }
        values.put(key, v);
        return this;
    }

    /** Sets {@code key} unless {@code value} is null. */
    GuestConfig setIfPresent(String key, Object value) {
        return value == null ? this : set(key, value);
    }

    String get(String key) {
        return values.get(key);
    }

    Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    byte[] toShell() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
