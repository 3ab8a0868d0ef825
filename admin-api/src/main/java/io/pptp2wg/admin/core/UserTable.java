package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.api.UserView;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The console's users table, filtered, sorted and cut into one page on the server, so that a browser with
 * 1000 accounts receives only the rows it shows. A pure function of the users' views.
 */
public final class UserTable {
    public static final int MAX_PAGE = 500;

    /** What the table can be sorted by. */
    public enum Sort {
        NAME, STATE, LAST_LOGIN, LOGINS, BYTES;

        public static Optional<Sort> parse(String text) {
            if (text == null || text.isBlank()) {
                return Optional.of(NAME);
            }
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "name" -> Optional.of(NAME);
                case "state" -> Optional.of(STATE);
                case "lastlogin", "last-login" -> Optional.of(LAST_LOGIN);
                case "logins" -> Optional.of(LOGINS);
                case "bytes" -> Optional.of(BYTES);
                default -> Optional.empty();
            };
        }
    }

    /** One request: a case-insensitive substring of the name, host or address; a state; order; a window. */
    public record Query(String search, Optional<MigrationState> state, Sort sort, boolean descending, int offset,
                        int limit) {}

    /** The page and the number of rows that matched before it was cut. */
    public record Page(int total, int offset, int limit, List<UserView> users) {}

    private UserTable() {}

    public static Page page(List<UserView> all, Query q) {
        String needle = q.search() == null ? "" : q.search().strip().toLowerCase(Locale.ROOT);
        Comparator<UserView> order = comparator(q.sort());
        if (q.descending()) {
            order = order.reversed();
        }
        order = order.thenComparing(UserView::name); // a stable order between polls
        List<UserView> matched = all.stream()
                .filter(u -> q.state().isEmpty() || u.state() == q.state().get())
                .filter(u -> needle.isEmpty() || matches(u, needle))
                .sorted(order)
                .toList();
        int from = Math.min(Math.max(q.offset(), 0), matched.size());
        int to = Math.min(from + q.limit(), matched.size());
        return new Page(matched.size(), from, q.limit(), matched.subList(from, to));
    }

    private static boolean matches(UserView u, String needle) {
        if (u.name().toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        if (u.tunnelAddress() != null && u.tunnelAddress().contains(needle)) {
            return true;
        }
        return u.lastClient() != null && u.lastClient().hostName() != null
                && u.lastClient().hostName().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static Comparator<UserView> comparator(Sort sort) {
        return switch (sort) {
            case NAME -> Comparator.comparing(UserView::name);
            case STATE -> Comparator.comparing(UserView::state);
            // never logged in sorts before any login
            case LAST_LOGIN -> Comparator.comparing(UserView::lastLogin, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
            case LOGINS -> Comparator.comparingLong(UserView::logins);
            case BYTES -> Comparator.comparingLong(u -> u.bytesFromClient() + u.bytesToClient());
        };
    }
}
