package io.pptp2wg.admin.api;

import java.util.List;

/**
 * {@code GET /api/users/{name}}: the user, their devices (first seen first), their session history, newest first, and
 * the guessing limits' lock-outs in force for them (empty when none).
 */
public record UserDetail(UserView user, List<DeviceView> devices, List<StoredEvent> history, List<LockoutView> lockouts) {
    public UserDetail(UserView user, List<DeviceView> devices, List<StoredEvent> history) {
        this(user, devices, history, List.of());
    }

    public UserDetail withLockouts(List<LockoutView> l) {
        return new UserDetail(user, devices, history, List.copyOf(l));
    }
}
