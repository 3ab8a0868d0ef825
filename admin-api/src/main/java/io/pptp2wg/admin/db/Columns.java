package io.pptp2wg.admin.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Reading nullable columns; times are epoch milliseconds, IPv4 addresses unsigned values in a BIGINT. */
final class Columns {
    private Columns() {}

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        Long ms = longOrNull(rs, column);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(instantOrNull(rs, column));
    }

    /** An IPv4 address stored as an unsigned value. */
    static Optional<Integer> address(ResultSet rs, String column) throws SQLException {
        Long v = longOrNull(rs, column);
        return v == null ? Optional.empty() : Optional.of((int) (long) v);
    }

    static Long toColumn(Integer address) {
        return address == null ? null : Integer.toUnsignedLong(address);
    }

    /** Untrusted text from a client: control characters replaced, cut to the column's size. */
    static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
        }
        return sb.toString();
    }

    /** Whether a statement failed on a unique or primary-key constraint (SQLSTATE 23505, H2 and PostgreSQL alike). */
    public static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
