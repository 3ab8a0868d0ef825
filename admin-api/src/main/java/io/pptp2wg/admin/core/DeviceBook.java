package io.pptp2wg.admin.core;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyFormatException;
import io.pptp2wg.admin.db.DeviceDao;
import io.pptp2wg.admin.db.DeviceRow;
import io.pptp2wg.admin.db.EventDao.DeviceKey;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices that were cut over, mirrored in memory (as {@link UserBook} mirrors the users) so that the
 * login policy answers on a gateway thread without I/O and a backend dump finds a device by its key.
 * Every change goes to the database first ({@link DeviceDao}), then {@link #reload} brings it here.
 */
public final class DeviceBook {
    private final DeviceDao dao;
    private final Map<DeviceKey, DeviceRow> cutOver = new ConcurrentHashMap<>();
    /** A device's own public key → the device. */
    private final Map<Key, DeviceKey> byPublicKey = new ConcurrentHashMap<>();
    /** user → the device that took the user's own identity. */
    private final Map<String, DeviceKey> onUserIdentity = new ConcurrentHashMap<>();

    public DeviceBook(DeviceDao dao) {
        this.dao = dao;
    }

    public void load() {
        dao.cutOver().forEach(this::remember);
    }

    public void reload(String user, String deviceId) {
        dao.find(user, deviceId).filter(DeviceRow::isCutOver).ifPresent(this::remember);
    }

    private void remember(DeviceRow row) {
        DeviceKey key = new DeviceKey(row.user(), row.id());
        cutOver.put(key, row);
        switch (row.cutover()) {
            case DeviceRow.DeviceCutover.UserIdentity u -> onUserIdentity.put(row.user(), key);
            case DeviceRow.DeviceCutover.OwnIdentity o -> {
                try {
                    byPublicKey.put(Key.fromBase64(o.publicKey()), key);
                } catch (KeyFormatException e) {
                    throw new IllegalStateException("device " + row.id() + " of " + row.user() + ": stored key malformed");
                }
            }
            case DeviceRow.DeviceCutover.None n -> { }
        }
    }

    /** Records a native handshake of the device's key; true when the device was not migrated before. */
    public boolean markMigrated(DeviceRow device, java.time.Instant now, String endpoint, java.time.Instant handshake) {
        boolean fresh = dao.markMigrated(device.user(), device.id(), now, endpoint, handshake);
        reload(device.user(), device.id());
        return fresh;
    }

    /** The device's row if it was cut over. */
    public Optional<DeviceRow> cutOver(String user, String deviceId) {
        return Optional.ofNullable(cutOver.get(new DeviceKey(user, deviceId)));
    }

    /** The device whose native key has been seen at the backend: its PPTP logins are refused. */
    public boolean isMigrated(String user, String deviceId) {
        return cutOver(user, deviceId).flatMap(DeviceRow::migratedAt).isPresent();
    }

    /** The device that took the user's own identity, if one did. */
    public Optional<DeviceRow> onUserIdentity(String user) {
        return Optional.ofNullable(onUserIdentity.get(user)).map(cutOver::get);
    }

    /** The device whose own identity has this public key. */
    public Optional<DeviceRow> ofPublicKey(Key publicKey) {
        return Optional.ofNullable(byPublicKey.get(publicKey)).map(cutOver::get);
    }

    /** Every device with its own identity, for the backend's [Peer] blocks. */
    public java.util.List<DeviceRow> withOwnIdentity() {
        return cutOver.values().stream().filter(r -> r.cutover() instanceof DeviceRow.DeviceCutover.OwnIdentity)
                .sorted(java.util.Comparator.comparing(DeviceRow::user).thenComparing(DeviceRow::firstSeen))
                .toList();
    }
}
