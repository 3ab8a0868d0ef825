package io.pptp2wg.admin.db;

import io.pptp2wg.admin.db.DeviceRow.DeviceCutover;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code devices} table: what was seen of each device, and its cut-over. */
public final class DeviceDao {
    /** Distinct Identification texts kept per device (Windows sends two readable ones; a few builds' worth). */
    static final int MAX_IDENTIFICATIONS = 8;
    static final int IDENTIFICATIONS_COLUMN = 1000;
    private static final String COLUMNS = "user_name, device_id, name, vendor, firmware_revision, host_name, name_form, "
            + "identifications, first_seen_ms, last_seen_ms, last_public_address, last_auth, cutover_issued_ms, "
            + "cutover_identity, wg_public_key, tunnel_address, migrated_ms, native_endpoint, native_handshake_ms";

    private static final RowMapper<DeviceRow> MAPPER = (rs, ctx) -> {
        Optional<Instant> issued = Columns.instant(rs, "cutover_issued_ms");
        String identity = rs.getString("cutover_identity");
        DeviceCutover cutover = issued.isEmpty() || identity == null ? DeviceCutover.NONE
                : "user".equals(identity) ? new DeviceCutover.UserIdentity(issued.get())
                : new DeviceCutover.OwnIdentity(issued.get(), rs.getString("wg_public_key"),
                        Columns.address(rs, "tunnel_address").orElseThrow());
        return new DeviceRow(rs.getString("user_name"), rs.getString("device_id"), rs.getString("name"),
                rs.getString("vendor"), Columns.intOrNull(rs, "firmware_revision"), rs.getString("host_name"),
                rs.getString("name_form"), split(rs.getString("identifications")),
                Instant.ofEpochMilli(rs.getLong("first_seen_ms")), Instant.ofEpochMilli(rs.getLong("last_seen_ms")),
                rs.getString("last_public_address"), rs.getString("last_auth"), cutover,
                Columns.instant(rs, "migrated_ms"), Optional.ofNullable(rs.getString("native_endpoint")),
                Columns.instant(rs, "native_handshake_ms"));
    };

    /** A device's own stored identity: the public key and the sealed private key. */
    public record SealedDeviceKey(String user, String deviceId, String publicKey, String sealedPrivateKey) {
        @Override
        public String toString() {
            return "SealedDeviceKey[" + user + ", " + deviceId + ", " + publicKey + "]";
        }
    }

    private final Jdbi jdbi;

    public DeviceDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records what events showed of their devices, in the caller's transaction (the journal's batch): a device
     * seen with a proven password is created if new; every sighting moves last-seen forward and adds new
     * Identification texts; a login sets the auth method and the public address.
     */
    public static void record(Handle h, List<DeviceSighting> sightings) {
        for (DeviceSighting s : sightings) {
            String user = Columns.clean(s.user(), 255);
            record Stored(String identifications, long lastSeenMs) {}
            Optional<Stored> stored = h.createQuery("SELECT identifications, last_seen_ms FROM devices "
                            + "WHERE user_name = :u AND device_id = :d").bind("u", user).bind("d", s.id())
                    .map((rs, ctx) -> new Stored(rs.getString(1), rs.getLong(2))).findOne();
            if (stored.isEmpty()) {
                if (s.proven()) {
                    insert(h, s);
                }
                continue;
            }
            String ids = join(merge(split(stored.get().identifications()), s.identifications()));
            if (s.at().toEpochMilli() < stored.get().lastSeenMs()) {
                // written late (a batch retried): only what it adds, the latest sighting's facts stay
                h.createUpdate("UPDATE devices SET identifications = :ids WHERE user_name = :u AND device_id = :d")
                        .bind("u", user).bind("d", s.id()).bind("ids", ids).execute();
                continue;
            }
            h.createUpdate("UPDATE devices SET last_seen_ms = :at, identifications = :ids, host_name = :host, "
                            + "last_public_address = :addr, last_auth = COALESCE(:auth, last_auth) "
                            + "WHERE user_name = :u AND device_id = :d")
                    .bind("u", user).bind("d", s.id()).bind("at", s.at().toEpochMilli()).bind("ids", ids)
                    .bind("host", Columns.clean(s.hostName(), 64)).bind("addr", Columns.clean(s.publicAddress(), 64))
                    .bind("auth", Columns.clean(s.auth(), 16)).execute();
        }
    }

    private static void insert(Handle h, DeviceSighting s) {
        h.createUpdate("INSERT INTO devices (user_name, device_id, name, vendor, firmware_revision, host_name, name_form, "
                        + "identifications, first_seen_ms, last_seen_ms, last_public_address, last_auth) VALUES "
                        + "(:u, :d, :name, :vendor, :fw, :host, :form, :ids, :at, :at, :addr, :auth)")
                .bind("u", Columns.clean(s.user(), 255)).bind("d", s.id()).bind("name", Columns.clean(s.name(), 64))
                .bind("vendor", Columns.clean(s.vendor(), 64)).bind("fw", s.firmwareRevision())
                .bind("host", Columns.clean(s.hostName(), 64)).bind("form", Columns.clean(s.nameForm(), 80))
                .bind("ids", join(merge(List.of(), s.identifications()))).bind("at", s.at().toEpochMilli())
                .bind("addr", Columns.clean(s.publicAddress(), 64)).bind("auth", Columns.clean(s.auth(), 16)).execute();
    }

    static List<String> merge(List<String> stored, List<String> seen) {
        List<String> out = new ArrayList<>(stored);
        int length = String.join("\n", out).length();
        for (String t : seen) {
            String c = Columns.clean(t, 100);
            if (!c.isEmpty() && !out.contains(c) && out.size() < MAX_IDENTIFICATIONS
                    && length + c.length() + 1 <= IDENTIFICATIONS_COLUMN) {
                out.add(c);
                length += c.length() + 1;
            }
        }
        return out;
    }

    private static String join(List<String> texts) {
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    private static List<String> split(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split("\n"));
    }

    public List<DeviceRow> ofUser(String user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM devices WHERE user_name = :u "
                + "ORDER BY first_seen_ms, device_id").bind("u", user).map(MAPPER).list());
    }

    public List<DeviceRow> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM devices ORDER BY user_name, "
                + "first_seen_ms, device_id").map(MAPPER).list());
    }

    /** The devices with a cut-over (what the login policy and the handshake report need in memory). */
    public List<DeviceRow> cutOver() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM devices WHERE cutover_identity IS NOT NULL")
                .map(MAPPER).list());
    }

    public Optional<DeviceRow> find(String user, String deviceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM devices WHERE user_name = :u "
                + "AND device_id = :d").bind("u", user).bind("d", deviceId).map(MAPPER).findOne());
    }

    /** Gives the device the user's own identity unless another device of the user has it; true when it now has. */
    public boolean bindUserIdentity(String user, String deviceId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE devices SET cutover_identity = 'user', cutover_issued_ms = :at "
                        + "WHERE user_name = :u AND device_id = :d AND cutover_identity IS NULL AND NOT EXISTS "
                        + "(SELECT 1 FROM devices o WHERE o.user_name = :u AND o.cutover_identity = 'user')")
                .bind("u", user).bind("d", deviceId).bind("at", at.toEpochMilli()).execute()) == 1;
    }

    /** Stores the device's own identity and address unless it has a cut-over already; true when stored. */
    public boolean setOwnIdentity(String user, String deviceId, String publicKey, String sealed, int address,
                                  Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE devices SET cutover_identity = 'own', cutover_issued_ms = :at, "
                        + "wg_public_key = :pub, wg_private_key_sealed = :sealed, tunnel_address = :addr "
                        + "WHERE user_name = :u AND device_id = :d AND cutover_identity IS NULL")
                .bind("u", user).bind("d", deviceId).bind("at", at.toEpochMilli()).bind("pub", publicKey)
                .bind("sealed", sealed).bind("addr", Integer.toUnsignedLong(address)).execute()) == 1;
    }

    public Optional<SealedDeviceKey> sealedKey(String user, String deviceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT user_name, device_id, wg_public_key, wg_private_key_sealed "
                        + "FROM devices WHERE user_name = :u AND device_id = :d AND cutover_identity = 'own'")
                .bind("u", user).bind("d", deviceId)
                .map((rs, ctx) -> new SealedDeviceKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .findOne());
    }

    /** Every device's own pool address: reserved, never handed to a session or a user. */
    public List<Integer> addresses() {
        return jdbi.withHandle(h -> h.createQuery("SELECT tunnel_address FROM devices WHERE tunnel_address IS NOT NULL")
                .map((rs, ctx) -> (int) rs.getLong(1)).list());
    }

    /** Records a native handshake of the device's key; true when it was not migrated before. */
    public boolean markMigrated(String user, String deviceId, Instant at, String endpoint, Instant handshake) {
        return jdbi.inTransaction(h -> {
            int fresh = h.createUpdate("UPDATE devices SET migrated_ms = :at WHERE user_name = :u AND device_id = :d "
                    + "AND migrated_ms IS NULL").bind("u", user).bind("d", deviceId).bind("at", at.toEpochMilli()).execute();
            h.createUpdate("UPDATE devices SET native_endpoint = :ep, native_handshake_ms = :hs WHERE user_name = :u "
                            + "AND device_id = :d").bind("u", user).bind("d", deviceId)
                    .bind("ep", Columns.clean(endpoint, 64)).bind("hs", handshake.toEpochMilli()).execute();
            return fresh == 1;
        });
    }

    /** Per user, their devices in first-seen order. */
    public static Map<String, List<DeviceRow>> byUser(List<DeviceRow> rows) {
        Map<String, List<DeviceRow>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.computeIfAbsent(r.user(), k -> new ArrayList<>()).add(r));
        return out;
    }
}
