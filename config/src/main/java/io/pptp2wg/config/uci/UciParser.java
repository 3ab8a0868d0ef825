package io.pptp2wg.config.uci;

import io.pptp2wg.config.Problems;
import io.pptp2wg.config.text.Word;
import io.pptp2wg.config.text.WordReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads OpenWrt's UCI format ({@code config}, {@code option}, {@code list} lines; names and values
 * bare or in single or double quotes; {@code #} comments), as {@code uci import} accepts it.
 */
public final class UciParser {
    private UciParser() {}

    public static List<UciSection> parse(String file, String content, Problems problems) {
        List<UciSection> sections = new ArrayList<>();
        String type = null;
        Optional<String> name = Optional.empty();
        int sectionLine = 0;
        Map<String, UciSection.UciValue> options = new LinkedHashMap<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            var read = WordReader.read(lines[i]);
            if (!read.unterminated().isEmpty()) {
                problems.error(file, lineNo, "quote opened here is never closed");
                continue;
            }
            List<String> w = read.words().stream().map(Word::text).toList();
            if (w.isEmpty()) {
                continue;
            }
            switch (w.getFirst()) {
                case "config" -> {
                    if (type != null) {
                        sections.add(new UciSection(type, name, sectionLine, options));
                    }
                    if (w.size() < 2 || w.size() > 3) {
                        problems.error(file, lineNo, "'config' needs a section type and at most a name");
                        type = null;
                        continue;
                    }
                    type = w.get(1);
                    name = w.size() == 3 ? Optional.of(w.get(2)) : Optional.empty();
                    sectionLine = lineNo;
                    options = new LinkedHashMap<>();
                }
                case "option", "list" -> {
                    if (type == null) {
                        problems.error(file, lineNo, "'" + w.getFirst() + "' outside a 'config' section");
                        continue;
                    }
                    if (w.size() != 3) {
                        problems.error(file, lineNo, "'" + w.getFirst() + "' needs a name and one value");
                        continue;
                    }
                    String key = w.get(1);
                    if (w.getFirst().equals("option")) {
                        options.put(key, new UciSection.UciValue(List.of(w.get(2)), lineNo));
                    } else {
                        var prev = options.get(key);
                        List<String> values = new ArrayList<>(prev == null ? List.of() : prev.values());
                        values.add(w.get(2));
                        options.put(key, new UciSection.UciValue(values, lineNo));
                    }
                }
                case "package" -> { }
                default -> problems.error(file, lineNo, "expected 'config', 'option' or 'list', got '" + w.getFirst() + "'");
            }
        }
        if (type != null) {
            sections.add(new UciSection(type, name, sectionLine, options));
        }
        return sections;
    }
}
