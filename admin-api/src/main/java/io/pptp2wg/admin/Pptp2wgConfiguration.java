package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;

/**
 * config.yml: the old host's files, the WireGuard side, the database, the admin API's tokens and the
 * migration rules; plus Dropwizard's server and logging.
 */
public class Pptp2wgConfiguration extends Configuration {
    @Valid
    @NotNull
    @JsonProperty
    private PptpdFactory pptpd = new PptpdFactory();

    @Valid
    @NotNull
    @JsonProperty
    private WireGuardFactory wireguard = new WireGuardFactory();

    @Valid
    @NotNull
    @JsonProperty
    private ApiFactory api = new ApiFactory();

    @Valid
    @NotNull
    @JsonProperty
    private MigrationFactory migration = new MigrationFactory();

    @Valid
    @NotNull
    @JsonProperty
    private CutoverFactory cutover = new CutoverFactory();

    @Valid
    @NotNull
    @JsonProperty
    private StorageFactory storage = new StorageFactory();

    @Valid
    @NotNull
    @JsonProperty
    private GuessingFactory guessing = new GuessingFactory();

    @Valid
    @NotNull
    @JsonProperty
    private FloodsFactory floods = new FloodsFactory();

    @Valid
    @NotNull
    @JsonProperty
    private SelfServiceFactory selfService = new SelfServiceFactory();

    /** This node's name; several gateways on one PostgreSQL database (issue 14). */
    @Valid
    @NotNull
    @JsonProperty
    private FleetFactory fleet = new FleetFactory();

    /** Where the embedded database lives when no {@code database:} section is given. */
    @NotNull
    @JsonProperty
    private Path dataDir = Path.of("data");

    /** Dropwizard's database section; absent = an embedded H2 file database in {@code dataDir}. */
    @Valid
    @JsonProperty
    private DataSourceFactory database;

    public PptpdFactory pptpd() {
        return pptpd;
    }

    public WireGuardFactory wireguard() {
        return wireguard;
    }

    public ApiFactory api() {
        return api;
    }

    public MigrationFactory migration() {
        return migration;
    }

    public CutoverFactory cutover() {
        return cutover;
    }

    public StorageFactory storage() {
        return storage;
    }

    public GuessingFactory guessing() {
        return guessing;
    }

    public FloodsFactory floods() {
        return floods;
    }

    public SelfServiceFactory selfService() {
        return selfService;
    }

    public FleetFactory fleet() {
        return fleet;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@link #database()} is the embedded H2 file (no {@code database:} section). */
    public boolean embeddedDatabase() {
        return database == null || database.getUrl().startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath());
    }

    /** The embedded database's file is compacted (H2's SHUTDOWN COMPACT); nothing for a configured database. */
    public void compactEmbeddedDatabase() {
        if (embeddedDatabase()) {
            EmbeddedDatabase.compact(database(), dataDir);
        }
    }

    /** The configured database, or the embedded default: H2 in {@code dataDir}, written through on commit. */
    public DataSourceFactory database() {
        if (database == null) {
            database = EmbeddedDatabase.h2In(dataDir);
        }
        return database;
    }
}
