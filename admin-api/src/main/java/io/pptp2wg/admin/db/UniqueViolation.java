package io.pptp2wg.admin.db;

import java.sql.SQLException;

/**
 * A row inserted "unless present" by two gateways of a fleet at the same moment: both see no row, one insert wins and
 * the other fails on the primary key (SQLSTATE 23505 in PostgreSQL and H2). {@code INSERT ... WHERE NOT EXISTS} does
 * not prevent it under READ COMMITTED, and H2 has no {@code ON CONFLICT}: the loser catches this and goes on.
 */
final class UniqueViolation {
    /** SQL:2011's integrity constraint violation class, unique violation (PostgreSQL's and H2's code). */
    static final String SQLSTATE = "23505";

    private UniqueViolation() {}

    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && SQLSTATE.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
