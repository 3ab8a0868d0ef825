package io.pptp2wg.config.uci;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One {@code config TYPE ['NAME']} section of an OpenWrt UCI file. */
public record UciSection(String type, Optional<String> name, int line, Map<String, UciValue> options) {

    /** An {@code option} (one value) or {@code list} (values in order), with the line it was last set on. */
    public record UciValue(List<String> values, int line) {
        public String last() {
            return values.getLast();
        }
    }

    public UciSection {
        options = new LinkedHashMap<>(options);
    }

    public Optional<String> get(String key) {
        UciValue v = options.get(key);
        return v == null ? Optional.empty() : Optional.of(v.last());
    }

    public int lineOf(String key) {
        UciValue v = options.get(key);
        return v == null ? line : v.line();
    }
}
