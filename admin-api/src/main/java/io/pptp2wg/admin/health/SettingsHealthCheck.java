package io.pptp2wg.admin.health;

import com.codahale.metrics.health.HealthCheck;
import io.pptp2wg.admin.core.DropInSettings;

import java.util.function.Supplier;

/** Healthy while the drop-in files are loaded and at least one user can log in. */
public final class SettingsHealthCheck extends HealthCheck {
    private final Supplier<DropInSettings> settings;

    public SettingsHealthCheck(Supplier<DropInSettings> settings) {
        this.settings = settings;
    }

    @Override
    protected Result check() {
        DropInSettings s = settings.get();
        if (s == null) {
            return Result.unhealthy("configuration not loaded");
        }
        int users = s.gateway().users().userNames().size();
        return Result.builder().healthy().withMessage(users + " users").withDetail("users", users)
                .withDetail("mode", s.wireguard().mode().configName()).build();
    }
}
