package io.pptp2wg.admin;

import io.dropwizard.db.DataSourceFactory;

import java.nio.file.Path;

/** Tests reach the package-private embedded database settings through here. */
public final class EmbeddedDatabaseAccess {
    private EmbeddedDatabaseAccess() {}

    public static DataSourceFactory h2In(Path dataDir) {
        return EmbeddedDatabase.h2In(dataDir);
    }
}
