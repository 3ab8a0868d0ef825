package io.pptp2wg.admin.api;

import java.util.List;

/** {@code GET /api/users/{name}}: the user, their devices (first seen first) and their session history, newest first. */
public record UserDetail(UserView user, List<DeviceView> devices, List<StoredEvent> history) {}
