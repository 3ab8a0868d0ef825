package io.pptp2wg.admin.db;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** A row of {@code users}, without the sealed private key (only the identity store reads that). */
public record UserRow(
        String name,
        Instant firstSeen,
        Optional<Integer> stickyAddress,
        Optional<String> publicKey,
        Optional<LocalDate> sunsetDate,
        Optional<Instant> cutoverIssuedAt,
        Optional<Instant> migratedAt,
        Optional<String> nativeEndpoint,
        Optional<Instant> nativeHandshakeAt) {

    public static UserRow fresh(String name, Instant now) {
        return new UserRow(name, now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
