package io.pptp2wg.admin.api;

import java.util.List;

/**
 * The answer to {@code POST /api/backend/handshakes}.
 *
 * @param peers         peer lines read from the dump
 * @param knownUsers    peers whose key is a user's identity
 * @param newlyMigrated users marked migrated by this dump
 * @param notes         peers that looked native but were not marked, and why
 */
public record HandshakeReport(int peers, int knownUsers, List<String> newlyMigrated, List<String> notes) {}
