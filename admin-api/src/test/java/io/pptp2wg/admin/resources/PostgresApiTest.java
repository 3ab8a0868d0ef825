package io.pptp2wg.admin.resources;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API suite on PostgreSQL (tools/setup.d/30-postgres.sh sets it up; PPTP2WG_TEST_POSTGRES_URL,
 * _USER, _PASSWORD override), in a schema of its own that is dropped afterwards. As root (CI) a
 * missing server fails the suite; otherwise it is skipped.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@EnabledIf("postgresAvailable")
class PostgresApiTest extends DevicesContract {
    static final Fixture.Postgres DB = Fixture.Postgres.fromEnvironment();
    static final Fixture FIXTURE = Fixture.postgres(DB);
    static final DropwizardAppExtension<Pptp2wgConfiguration> APP =
            new DropwizardAppExtension<>(TestApp.class, FIXTURE.config.toString());

    static boolean postgresAvailable() {
        if (DB.create()) {
            return true;
        }
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + DB.url()
                    + ": tools/setup.sh (tools/setup.d/30-postgres.sh) installs and starts it");
        }
        return false;
    }

    @AfterAll
    static void dropSchema() {
        DB.drop();
    }

    @Override
    DropwizardAppExtension<Pptp2wgConfiguration> app() {
        return APP;
    }

    @Override
    Fixture fixture() {
        return FIXTURE;
    }
}
