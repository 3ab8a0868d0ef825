package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.DeviceView;
import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.db.DeviceDao;
import io.pptp2wg.admin.db.DeviceRow;
import io.pptp2wg.admin.db.DeviceRow.DeviceCutover;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.db.EventDao.DeviceKey;
import io.pptp2wg.admin.db.UserRow;
import io.pptp2wg.config.Ipv4;
import io.pptp2wg.session.DeviceFingerprint;
import io.pptp2wg.session.SessionHandle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The devices as the API shows them: the table's facts, the journal's totals and the sessions up now. */
public final class DeviceReports {
    /** Live totals of one device's sessions that are up. */
    record Live(int sessions, long bytesFromClient, long bytesToClient) {
        static final Live NONE = new Live(0, 0, 0);
    }

    /** A device with its totals. */
    public record Device(DeviceRow row, EventDao.DeviceStats stats, Live live) {
        public MigrationRules.DeviceFacts facts() {
            return new MigrationRules.DeviceFacts(row, Optional.ofNullable(stats.lastLogin()));
        }
    }

    private final DeviceDao dao;
    private final EventDao events;
    private final StoredIdentities identities;
    private final StickyAddresses addresses;
    private final MigrationRules rules;

    public DeviceReports(DeviceDao dao, EventDao events, StoredIdentities identities, StickyAddresses addresses,
                         MigrationRules rules) {
        this.dao = dao;
        this.events = events;
        this.identities = identities;
        this.addresses = addresses;
        this.rules = rules;
    }

    /** Every user's devices (or one user's), first seen first. */
    public Map<String, List<Device>> devices(Optional<String> user, Collection<SessionHandle> sessions) {
        List<DeviceRow> rows = user.isPresent() ? dao.ofUser(user.get()) : dao.all();
        Map<DeviceKey, EventDao.DeviceStats> stats = events.deviceStats(user);
        Map<DeviceKey, Live> live = live(sessions);
        Map<String, List<Device>> out = new HashMap<>();
        for (DeviceRow r : rows) {
            DeviceKey k = new DeviceKey(r.user(), r.id());
            out.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(new Device(r,
                    stats.getOrDefault(k, EventDao.DeviceStats.NONE), live.getOrDefault(k, Live.NONE)));
        }
        return out;
    }

    private static Map<DeviceKey, Live> live(Collection<SessionHandle> sessions) {
        Map<DeviceKey, Live> out = new HashMap<>();
        for (SessionHandle h : sessions) {
            var info = h.info();
            var c = h.counters();
            DeviceKey k = new DeviceKey(info.user(), DeviceFingerprint.of(info.user(), info.fingerprint()).id());
            out.merge(k, new Live(1, c.bytesFromClient(), c.bytesToClient()), (a, b) -> new Live(
                    a.sessions() + b.sessions(), a.bytesFromClient() + b.bytesFromClient(),
                    a.bytesToClient() + b.bytesToClient()));
        }
        return out;
    }

    public static List<MigrationRules.DeviceFacts> facts(List<Device> devices) {
        return devices == null ? List.of() : devices.stream().map(Device::facts).toList();
    }

    public DeviceView view(UserRow user, Device d, Instant now) {
        DeviceRow r = d.row();
        String kind;
        String key;
        Integer address;
        switch (r.cutover()) {
            case DeviceCutover.None n -> {
                kind = "none";
                key = null;
                address = null;
            }
            case DeviceCutover.UserIdentity u -> {
                kind = "user-identity";
                key = identities.publicKeyOf(r.user()).orElse(null);
                address = addresses.addressOf(r.user()).orElse(null);
            }
            case DeviceCutover.OwnIdentity o -> {
                kind = "own-identity";
                key = o.publicKey();
                address = o.tunnelAddress();
            }
        }
        EventDao.DeviceStats s = d.stats();
        return new DeviceView(r.user(), r.id(), r.label(), r.name(), r.vendor(), r.firmwareRevision(), r.hostName(),
                r.name() == null || r.name().isEmpty(), r.nameForm(), r.identifications(),
                rules.deviceState(user, d.facts(), now), r.firstSeen(), r.lastSeen(), s.lastLogin(), s.logins(),
                s.bytesFromClient() + d.live().bytesFromClient(), s.bytesToClient() + d.live().bytesToClient(),
                s.authFailures(), s.refused(), r.lastAuth(), r.lastPublicAddress(), d.live().sessions(), kind,
                r.cutover().issued().orElse(null), key, address == null ? null : Ipv4.format(address),
                r.migratedAt().orElse(null), r.nativeEndpoint().orElse(null), r.nativeHandshakeAt().orElse(null));
    }

    /** How many devices are in each state now (every state listed, zeros included). */
    public Map<MigrationState, Integer> totals(Map<String, List<Device>> devices, java.util.function.Function<String,
            UserRow> rowOf, Instant now) {
        Map<MigrationState, Integer> totals = new EnumMap<>(MigrationState.class);
        for (MigrationState s : MigrationState.values()) {
            totals.put(s, 0);
        }
        devices.forEach((user, list) -> list.forEach(d ->
                totals.merge(rules.deviceState(rowOf.apply(user), d.facts(), now), 1, Integer::sum)));
        return totals;
    }

    /** The devices of every user who has at least one device cut over (only they need devices in the burndown). */
    public Map<String, List<DeviceRow>> ofUsersWithCutovers() {
        Map<String, List<DeviceRow>> out = DeviceDao.byUser(dao.all());
        out.values().removeIf(list -> list.stream().noneMatch(DeviceRow::isCutOver));
        return out;
    }

    /** How many of these devices have moved to their native configuration. */
    public static int moved(List<Device> devices, Instant now) {
        return devices == null ? 0 : (int) devices.stream().filter(d -> MigrationRules.deviceMoved(d.row(), now)).count();
    }
}
