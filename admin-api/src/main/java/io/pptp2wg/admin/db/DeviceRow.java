package io.pptp2wg.admin.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A row of {@code devices}, without the sealed private key.
 *
 * @param name           the device's own name, or empty (then it is known by vendor, firmware and address)
 * @param nameForm       how it writes its login: "plain", "domain:X", "" when unseen
 * @param identifications the distinct LCP Identification texts seen
 * @param lastAuth       the method of its last successful login, or null
 */
public record DeviceRow(
        String user,
        String id,
        String name,
        String vendor,
        Integer firmwareRevision,
        String hostName,
        String nameForm,
        List<String> identifications,
        Instant firstSeen,
        Instant lastSeen,
        String lastPublicAddress,
        String lastAuth,
        DeviceCutover cutover,
        Optional<Instant> migratedAt,
        Optional<String> nativeEndpoint,
        Optional<Instant> nativeHandshakeAt) {

    /** Where a device stands with its native WireGuard configuration. */
    public sealed interface DeviceCutover {
        DeviceCutover NONE = new None();

        /** Not cut over. */
        record None() implements DeviceCutover {}

        /** Cut over on the user's own identity and address (the user's first device to move: no backend change). */
        record UserIdentity(Instant issuedAt) implements DeviceCutover {}

        /** Cut over with a key pair and a pool address of its own (the backend needs its [Peer]). */
        record OwnIdentity(Instant issuedAt, String publicKey, int tunnelAddress) implements DeviceCutover {}

        default Optional<Instant> issued() {
            return switch (this) {
                case None n -> Optional.empty();
                case UserIdentity u -> Optional.of(u.issuedAt());
                case OwnIdentity o -> Optional.of(o.issuedAt());
            };
        }
    }

    /** For people, as {@code DeviceFingerprint.label()}: "LAPTOP1 (Microsoft)", "cananian firmware 1 at 203.0.113.5". */
    public String label() {
        String v = vendor == null || vendor.isEmpty() ? "unknown vendor" : vendor;
        return name == null || name.isEmpty() ? v + " firmware " + firmwareRevision + " at " + lastPublicAddress
                : name + " (" + v + ")";
    }

    public boolean isCutOver() {
        return !(cutover instanceof DeviceCutover.None);
    }
}
