package io.pptp2wg.admin.api;

import java.util.List;

/**
 * The answer to {@code POST /api/backend/handshakes}.
 *
 * @param peers         peer lines read from the dump
 * @param knownUsers    peers whose key is a user's identity
 * @param newlyMigrated users marked migrated by this dump
 * @param notes         peers that looked native but were not marked, and why
 * @param knownDevices  peers whose key is a device's own identity
 * @param newlyMigratedDevices devices ("user/deviceId") marked migrated by this dump (their own key, or the
 *                      user's identity they took)
 */
public record HandshakeReport(int peers, int knownUsers, List<String> newlyMigrated, List<String> notes,
                              int knownDevices, List<String> newlyMigratedDevices) {}
