package io.pptp2wg.admin.db;

import io.pptp2wg.admin.core.AddressLeases;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The {@code address_leases} table: the tunnel addresses that live sessions of the fleet hold, one row per address. */
public final class LeaseDao {
    private final Jdbi jdbi;

    public LeaseDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<AddressLeases.Holder> holder(int address) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_name, sessions FROM address_leases WHERE address = :a")
                .bind("a", Integer.toUnsignedLong(address))
                .map((rs, ctx) -> new AddressLeases.Holder(rs.getString(1), rs.getInt(2))).findOne());
    }

    /** Inserts the lease; false when the address is leased (the primary key decides a race between two nodes). */
    public boolean take(int address, String user, String node, Instant now) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("INSERT INTO address_leases (address, user_name, node, sessions, "
                            + "leased_ms) SELECT :a, :user, :node, 1, :now WHERE NOT EXISTS "
                            + "(SELECT 1 FROM address_leases WHERE address = :a)")
                    .bind("a", Integer.toUnsignedLong(address)).bind("user", user).bind("node", node)
                    .bind("now", now.toEpochMilli()).execute()) == 1;
        } catch (UnableToExecuteStatementException e) {
            if (Columns.uniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** One more session of the user on this node's lease of the address. */
    public boolean join(int address, String user, String node) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE address_leases SET sessions = sessions + 1 "
                        + "WHERE address = :a AND user_name = :user AND node = :node")
                .bind("a", Integer.toUnsignedLong(address)).bind("user", user).bind("node", node).execute()) == 1;
    }

    /** One session of this node's lease ended: the row goes with its last session. */
    public void release(int address, String user, String node) {
        jdbi.useTransaction(h -> {
            long a = Integer.toUnsignedLong(address);
            h.createUpdate("DELETE FROM address_leases WHERE address = :a AND user_name = :user AND node = :node "
                    + "AND sessions <= 1").bind("a", a).bind("user", user).bind("node", node).execute();
            h.createUpdate("UPDATE address_leases SET sessions = sessions - 1 WHERE address = :a AND user_name = :user "
                    + "AND node = :node AND sessions > 1").bind("a", a).bind("user", user).bind("node", node).execute();
        });
    }

    public Set<Integer> taken() {
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery("SELECT address FROM address_leases")
                .map((rs, ctx) -> (int) rs.getLong(1)).list()));
    }

    /** Every lease of a node: at its own start (left by its previous run) or when it was declared dead. */
    public int releaseAllOf(String node) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM address_leases WHERE node = :node")
                .bind("node", node).execute());
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM address_leases").mapTo(Integer.class).one());
    }
}
