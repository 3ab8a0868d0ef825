package io.pptp2wg.admin.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST /api/users}, parsed and validated before anything is stored: a JSON array of names or of
 * {@code {"name", "sunset"}} objects, or CSV (RFC 4180, Jackson's CSV reader) with a header row {@code name[,sunset]}.
 * Every bad row is named with its line (CSV: the line in the body; JSON: the element's number and line); one bad row
 * refuses the whole import, so a file is never applied in part. A name twice with two sunset dates is a bad row.
 */
public final class UserImport {
    /** One user to track, with the sunset date to set (empty: leave the user's date as it is). */
    public record Entry(String name, Optional<LocalDate> sunset) {}

    /** What the body asks, or why not. */
    public sealed interface Parsed {
        record Ok(List<Entry> entries) implements Parsed {}

        record Refused(List<String> problems) implements Parsed {}
    }

    /** Most rows in one import (a VPN group's export is far smaller; the body is read into memory). */
    public static final int MAX_ROWS = 100_000;
    /** Problems listed in one answer at most (the count says how many more). */
    static final int MAX_PROBLEMS = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private UserImport() {}

    public static Parsed json(String body) {
        JsonNode root;
        try (var parser = JSON.createParser(body)) {
            root = JSON.readTree(parser);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return refused("line " + (at == null ? "?" : at.getLineNr()) + ": not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return refused("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            return refused("the body must be a JSON array of names or of {\"name\": ..., \"sunset\": \"YYYY-MM-DD\"}");
        }
        if (root.size() > MAX_ROWS) {
            return refused(root.size() + " entries: at most " + MAX_ROWS + " in one import");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            String where = "element " + (i + 1);
            if (e.isTextual()) {
                rows.add(new Row(where, e.asText(), null));
            } else if (e.isObject()) {
                List<String> unknown = new ArrayList<>();
                e.fieldNames().forEachRemaining(f -> {
                    if (!f.equals("name") && !f.equals("sunset")) {
                        unknown.add(f);
                    }
                });
                JsonNode name = e.get("name");
                JsonNode sunset = e.get("sunset");
                if (!unknown.isEmpty()) {
                    rows.add(Row.bad(where, "unknown field(s) " + unknown + " (only name and sunset)"));
                } else if (name == null || !name.isTextual()) {
                    rows.add(Row.bad(where, "\"name\" must be a string"));
                } else if (sunset != null && !sunset.isNull() && !sunset.isTextual()) {
                    rows.add(Row.bad(where, "\"sunset\" must be \"YYYY-MM-DD\" or null"));
                } else {
                    rows.add(new Row(where, name.asText(), sunset == null || sunset.isNull() ? null : sunset.asText()));
                }
            } else {
                rows.add(Row.bad(where, "neither a name nor an object"));
            }
        }
        return validate(rows);
    }

    public static Parsed csv(String body) {
        List<Row> rows = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class).with(schema).readValues(body)) {
            var parser = (CsvParser) it.getParser();
            List<String> columns = new ArrayList<>();
            parser.getSchema().forEach(c -> columns.add(c.getName().toLowerCase(Locale.ROOT)));
            if (!columns.contains("name")) {
                return refused("line 1: the header must be name[,sunset] (found " + columns + ")");
            }
            for (String c : columns) {
                if (!c.equals("name") && !c.equals("sunset")) {
                    return refused("line 1: unknown column '" + c + "' (only name and sunset)");
                }
            }
            while (it.hasNextValue()) {
                Map<String, String> values = it.nextValue();
                // the reader stands past the row: at the start of the next line, or on the row's own (the last, no newline)
                var at = parser.currentLocation();
                String where = "line " + (at.getColumnNr() <= 1 ? Math.max(2, at.getLineNr() - 1) : at.getLineNr());
                if (rows.size() >= MAX_ROWS) {
                    return refused("more than " + MAX_ROWS + " rows: at most " + MAX_ROWS + " in one import");
                }
                Map<String, String> lower = new HashMap<>();
                values.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
                String sunset = lower.get("sunset");
                rows.add(new Row(where, lower.getOrDefault("name", ""), sunset == null || sunset.isBlank() ? null : sunset));
            }
        } catch (IOException | RuntimeException e) {
            String msg = e instanceof JsonProcessingException j ? "line " + (j.getLocation() == null ? "?"
                    : j.getLocation().getLineNr()) + ": " + j.getOriginalMessage() : e.getMessage();
            return refused("not CSV: " + msg);
        }
        return validate(rows);
    }

    /** A row as read: where it is, the name and the sunset text (null = none), or what is wrong with it already. */
    private record Row(String where, String name, String sunset, String problem) {
        Row(String where, String name, String sunset) {
            this(where, name, sunset, null);
        }

        static Row bad(String where, String problem) {
            return new Row(where, null, null, problem);
        }
    }

    private static Parsed validate(List<Row> rows) {
        List<String> problems = new ArrayList<>();
        Map<String, Entry> byName = new java.util.LinkedHashMap<>();
        Map<String, String> firstAt = new HashMap<>();
        for (Row r : rows) {
            if (r.problem() != null) {
                problems.add(r.where() + ": " + r.problem());
                continue;
            }
            Optional<String> bad = UserBook.problemWith(r.name());
            if (bad.isPresent()) {
                problems.add(r.where() + ": name " + quoted(r.name()) + ": " + bad.get());
                continue;
            }
            Optional<LocalDate> sunset = Optional.empty();
            if (r.sunset() != null) {
                try {
                    sunset = Optional.of(LocalDate.parse(r.sunset()));
                } catch (DateTimeParseException e) {
                    problems.add(r.where() + ": sunset " + quoted(r.sunset()) + " is not YYYY-MM-DD");
                    continue;
                }
            }
            Entry before = byName.get(r.name());
            if (before != null && sunset.isPresent() && before.sunset().isPresent()
                    && !before.sunset().equals(sunset)) {
                problems.add(r.where() + ": " + quoted(r.name()) + " again with another sunset date than at "
                        + firstAt.get(r.name()));
                continue;
            }
            if (before == null || sunset.isPresent()) {
                byName.put(r.name(), new Entry(r.name(), sunset));
                firstAt.putIfAbsent(r.name(), r.where());
            }
        }
        if (!problems.isEmpty()) {
            List<String> shown = new ArrayList<>(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
            if (problems.size() > MAX_PROBLEMS) {
                shown.add("... and " + (problems.size() - MAX_PROBLEMS) + " more");
            }
            return new Parsed.Refused(shown);
        }
        return new Parsed.Ok(List.copyOf(byName.values()));
    }

    private static Parsed refused(String problem) {
        return new Parsed.Refused(List.of(problem));
    }

    /** A name as it may be shown in an answer: control characters replaced, cut. */
    private static String quoted(String text) {
        String s = Audit.printable(text);
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }
}
