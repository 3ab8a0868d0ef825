package io.pptp2wg.admin.core;

import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.db.DeviceDao;
import io.pptp2wg.admin.db.DeviceRow;
import io.pptp2wg.admin.db.DeviceRow.DeviceCutover;
import io.pptp2wg.config.wireguard.WireGuardMode;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The per-device cut-over. The first device of a user to move takes the user's own identity and address
 * (the backend already has that [Peer]: nothing changes there, as for a single-device user's cut-over);
 * each further device gets a key pair of its own (sealed like the users', with the device in the associated
 * data) and a permanent address of its own from the {@code remoteip} pool (never a user's sticky or fixed
 * address, never another device's, never again a session's), and the answer carries the [Peer] block
 * the backend needs for it. Issuing again gives the same configuration.
 */
public final class DeviceCutovers {
    /** What a cut-over hands out. {@code config} holds the private key. */
    public record Issued(DeviceRow device, String identity, String publicKey, int tunnelAddress, String config,
                         String backendPeer, boolean backendChange) {
        @Override
        public String toString() {
            return "Issued[" + device.user() + "/" + device.id() + ", " + identity + ", " + publicKey + "]";
        }
    }

    /** Why a cut-over cannot be issued; the API turns it into 404 or 409. */
    public static final class Refusal extends RuntimeException {
        public final boolean notFound;

        Refusal(boolean notFound, String message) {
            super(message);
            this.notFound = notFound;
        }
    }

    private final DeviceDao dao;
    private final DeviceBook book;
    private final StoredIdentities identities;
    private final StickyAddresses addresses;
    private final KeySealer sealer;
    private final SecureRandom random;
    private final CutoverConfigs configs;
    private final WireGuardMode mode;
    private final Clock clock;

    public DeviceCutovers(DeviceDao dao, DeviceBook book, StoredIdentities identities, StickyAddresses addresses,
                          KeySealer sealer, SecureRandom random, CutoverConfigs configs, WireGuardMode mode, Clock clock) {
        this.dao = dao;
        this.book = book;
        this.identities = identities;
        this.addresses = addresses;
        this.sealer = sealer;
        this.random = random;
        this.configs = configs;
        this.mode = mode;
        this.clock = clock;
    }

    /** Issues the device's native configuration (the same one again if it was issued before). */
    public Issued issue(String user, String deviceId) {
        DeviceRow device = dao.find(user, deviceId).orElseThrow(() -> unknown(user, deviceId));
        if (!device.isCutOver()) {
            Instant now = clock.instant();
            if (!dao.bindUserIdentity(user, deviceId, now)) {
                createOwnIdentity(user, deviceId, now);
            }
            book.reload(user, deviceId);
            device = dao.find(user, deviceId).orElseThrow(() -> unknown(user, deviceId));
        }
        return issued(device);
    }

    /** The configuration issued before; empty when the device was never cut over. */
    public Optional<Issued> current(String user, String deviceId) {
        DeviceRow device = dao.find(user, deviceId).orElseThrow(() -> unknown(user, deviceId));
        return device.isCutOver() ? Optional.of(issued(device)) : Optional.empty();
    }

    private void createOwnIdentity(String user, String deviceId, Instant now) {
        SealedKeyPairs.Fresh fresh = SealedKeyPairs.create(random, sealer, pub -> associatedData(user, deviceId, pub));
        Optional<Integer> address = addresses.reserveForDevice(
                a -> dao.setOwnIdentity(user, deviceId, fresh.publicKey(), fresh.sealed(), a, now));
        if (address.isEmpty() && dao.find(user, deviceId).filter(DeviceRow::isCutOver).isEmpty()) {
            throw new Refusal(false, "no address left in the remoteip pool for device " + deviceId + " of '" + user
                    + "': every pool address is a user's, a session's or another device's");
        }
    }

    private Issued issued(DeviceRow device) {
        String user = device.user();
        String owner = owner(device);
        Instant at = device.cutover().issued().orElseGet(clock::instant);
        switch (device.cutover()) {
            case DeviceCutover.UserIdentity u -> {
                KeyPair pair = identities.identityFor(user).orElseThrow(() -> unknown(user, device.id()));
                addresses.assignAll(List.of(user));
                int address = addresses.addressOf(user).orElseThrow(() -> new Refusal(false, "user '" + user
                        + "' has no tunnel address: the remoteip pool has none left"));
                boolean change = mode == WireGuardMode.SHARED;
                String pub = pair.getPublicKey().toBase64();
                return new Issued(device, "user-identity", pub, address,
                        configs.configFor(owner, pair, address, at, !change),
                        CutoverConfigs.backendPeer(user, pub, address), change);
            }
            case DeviceCutover.OwnIdentity o -> {
                KeyPair pair = open(device, o);
                return new Issued(device, "own-identity", o.publicKey(), o.tunnelAddress(),
                        configs.configFor(owner, pair, o.tunnelAddress(), at, false),
                        CutoverConfigs.backendPeer(owner, o.publicKey(), o.tunnelAddress()), true);
            }
            case DeviceCutover.None n -> throw new IllegalStateException("not cut over: " + device.id());
        }
    }

    private KeyPair open(DeviceRow device, DeviceCutover.OwnIdentity o) {
        DeviceDao.SealedDeviceKey s = dao.sealedKey(device.user(), device.id())
                .orElseThrow(() -> new IllegalStateException("device " + device.id() + " has no stored key"));
        return SealedKeyPairs.open(sealer, s.sealedPrivateKey(), associatedData(device.user(), device.id(), o.publicKey()),
                o.publicKey(), "device " + device.id());
    }

    /** Binds the sealed key to its device: a sealed key moved to another row does not open. */
    static String associatedData(String user, String deviceId, String publicKey) {
        return "pptp2wg device identity\0" + user + "\0" + deviceId + "\0" + publicKey;
    }

    /** Who a device's configuration and [Peer] block are for: "alice, device LAPTOP1 (id)". */
    static String owner(DeviceRow d) {
        return d.user() + ", device " + label(d);
    }

    static String label(DeviceRow d) {
        return d.name() == null || d.name().isEmpty() ? d.id() : d.name() + " (" + d.id() + ")";
    }

    private static Refusal unknown(String user, String deviceId) {
        return new Refusal(true, "no device '" + deviceId.replaceAll("[^0-9A-Za-z]", "?") + "' of user '"
                + user.replaceAll("\\p{Cntrl}", "?") + "'");
    }
}
