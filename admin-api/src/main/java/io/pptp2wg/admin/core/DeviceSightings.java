package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.DeviceSighting;
import io.pptp2wg.session.ClientFingerprint;
import io.pptp2wg.session.DeviceFingerprint;
import io.pptp2wg.session.SessionEvent;
import io.pptp2wg.session.SessionInfo;

/** What a session event shows of its device (pure). */
final class DeviceSightings {
    private DeviceSightings() {}

    static String idOf(String user, ClientFingerprint client) {
        return user == null || client == null ? null : DeviceFingerprint.of(user, client).id();
    }

    /** The device of an event that names a user; null otherwise (a refusal before the login names nobody). */
    static DeviceSighting of(SessionEvent event) {
        return switch (event) {
            case SessionEvent.Up up -> session(up.session(), up.at(), true, true);
            case SessionEvent.Down down -> session(down.session(), down.at(), true, false);
            case SessionEvent.AuthFailure f -> sighting(f.user(), f.client(), f.at(), null, false);
            case SessionEvent.Refused r -> r.user().map(u -> sighting(u, r.client(), r.at(), null, true)).orElse(null);
            case SessionEvent.LockedOut l -> null; // its failure was sighted already

        };
    }

    private static DeviceSighting session(SessionInfo s, java.time.Instant at, boolean proven, boolean login) {
        return sighting(s.user(), s.fingerprint(), at,
                login && s.auth() != null ? s.auth().displayName() : null, proven);
    }

    private static DeviceSighting sighting(String user, ClientFingerprint client, java.time.Instant at, String auth,
                                           boolean proven) {
        if (user == null || client == null) {
            return null;
        }
        DeviceFingerprint d = DeviceFingerprint.of(user, client);
        return new DeviceSighting(user, d.id(), d.name(), d.vendor(), d.firmwareRevision(), client.hostName(),
                d.nameForm(), client.ppp().identifications(), at, d.publicIp(), auth, proven);
    }
}
