package io.pptp2wg.admin.testing;

import io.dropwizard.core.setup.Environment;
import io.pptp2wg.admin.AdminCore;
import io.pptp2wg.admin.Dataplane;
import io.pptp2wg.admin.Pptp2wgApplication;
import io.pptp2wg.admin.Pptp2wgConfiguration;
import io.pptp2wg.admin.core.SecretsReloader;
import io.pptp2wg.session.HealthProbe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The real application with an in-memory gateway and a clock the test moves. */
public class TestApp extends Pptp2wgApplication {
    public static final Instant START = Instant.parse("2025-03-10T12:00:00Z");

    public final MutableClock clock = new MutableClock(START);
    public final FakeHandshakes handshakes = new FakeHandshakes();
    public volatile boolean listenerHealthy = true;
    public FakeGateway gateway;
    public AdminCore admin;

    @Override
    protected Dataplane dataplane(Pptp2wgConfiguration configuration, Environment environment,
                                  SecretsReloader reloader, AdminCore admin) {
        this.admin = admin;
        this.gateway = new FakeGateway(admin.loginPolicy(), admin.addresses(), clock);
        HealthProbe listener = new HealthProbe() {
            @Override
            public String name() {
                return "pptp-listener";
            }

            @Override
            public Status check() {
                return listenerHealthy ? Status.healthy("listening on 127.0.0.1:1723") : Status.unhealthy("not bound");
            }
        };
        return new Dataplane(gateway, handshakes, List.of(listener));
    }

    @Override
    protected Clock clock() {
        return clock;
    }

    /** Waits until every session event so far is committed. */
    public void flush() {
        try {
            if (!admin.journal().flush(Duration.ofSeconds(20))) {
                throw new AssertionError("session events not written within 20 s");
            }
            if (!admin.users().sightings().drain(Duration.ofSeconds(20))) {
                throw new AssertionError("RADIUS users seen at failed logins not written within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
