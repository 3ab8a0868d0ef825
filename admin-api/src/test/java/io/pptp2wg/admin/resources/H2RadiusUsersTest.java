package io.pptp2wg.admin.resources;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.testing.Fixture;
import io.pptp2wg.admin.testing.TestApp;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/** {@link RadiusUsersContract} on the default database: an H2 file in dataDir. */
@ExtendWith(DropwizardExtensionsSupport.class)
class H2RadiusUsersTest extends RadiusUsersContract {
    static final Fixture FIXTURE = Fixture.radius(Optional.empty());
    static final DropwizardAppExtension<Pptp2wgConfiguration> APP =
            new DropwizardAppExtension<>(TestApp.class, FIXTURE.config.toString());

    @Override
    DropwizardAppExtension<Pptp2wgConfiguration> app() {
        return APP;
    }
}
