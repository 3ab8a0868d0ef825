package io.pptp2wg.admin.resources;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/** {@link RadiusUsersContract} on PostgreSQL, in a schema of its own (as {@link PostgresApiTest}). */
@ExtendWith(DropwizardExtensionsSupport.class)
@EnabledIf("postgresAvailable")
class PostgresRadiusUsersTest extends RadiusUsersContract {
    static final Fixture.Postgres DB = Fixture.Postgres.fromEnvironment();
    static final Fixture FIXTURE = Fixture.radius(Optional.of(DB));
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
}
