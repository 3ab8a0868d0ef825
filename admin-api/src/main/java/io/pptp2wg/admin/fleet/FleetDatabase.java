package io.pptp2wg.admin.fleet;

import io.dropwizard.db.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fleet node needs of its connection pool: a connection broken by an outage is never handed out (checked on
 * borrow, so logins work again at the first beat after the database returns), and no statement waits for ever on a
 * database that stopped answering (the driver's socket timeout; a login asks the database for its address).
 */
public final class FleetDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(FleetDatabase.class);
    /** Seconds; PostgreSQL JDBC's own default is no limit. */
    static final String SOCKET_TIMEOUT = "5";
    static final String CONNECT_TIMEOUT = "5";

    private FleetDatabase() {}

    public static DataSourceFactory harden(DataSourceFactory f) {
        f.setCheckConnectionOnBorrow(true);
        var p = new java.util.LinkedHashMap<>(f.getProperties());
        if (!f.getUrl().contains("socketTimeout=")) {
            p.putIfAbsent("socketTimeout", SOCKET_TIMEOUT);
        }
        if (!f.getUrl().contains("connectTimeout=")) {
            p.putIfAbsent("connectTimeout", CONNECT_TIMEOUT);
        }
        f.setProperties(p);
        LOG.info("fleet: database connections checked on borrow; socketTimeout {} s, connectTimeout {} s",
                p.getOrDefault("socketTimeout", "(in the url)"), p.getOrDefault("connectTimeout", "(in the url)"));
        return f;
    }
}
