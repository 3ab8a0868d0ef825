package io.pptp2wg.admin.core;

import com.wireguard.config.InetAddresses;
import com.wireguard.config.ParseException;
import io.pptp2wg.admin.api.HandshakeReport;
import io.pptp2wg.admin.db.DeviceRow;
import io.pptp2wg.admin.db.UserRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the backend's view of its peers ({@code wg show IFACE dump}) and marks a user {@code migrated}
 * when their key has handshaken from an endpoint that is not the gateway. Only users who were issued a
 * native configuration are marked: a key the gateway itself uses, seen from an address missing in
 * {@code migration.gatewayEndpoints} (NAT), must not lock every PPTP user out; such cases are reported.
 *
 * <p>Devices: a device's own key seen natively marks that device migrated; the user's key seen natively marks
 * the device that took the user's identity (per-device cut-over) and, if the account's cut-over was issued, the
 * account (as before devices were known).
 */
public final class NativeHandshakes {
    private static final Logger LOG = LoggerFactory.getLogger(NativeHandshakes.class);

    private final UserBook users;
    private final StoredIdentities identities;
    private final Set<InetAddress> gatewayAddresses;
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong marked = new AtomicLong();
    private final DeviceBook devices;
    private final java.time.Clock clock;

    public NativeHandshakes(UserBook users, StoredIdentities identities, Collection<String> configuredGatewayAddresses) {
        this(users, identities, configuredGatewayAddresses, null, java.time.Clock.systemUTC());
    }

    /** @param devices the cut-over devices; null: accounts only */
    public NativeHandshakes(UserBook users, StoredIdentities identities, Collection<String> configuredGatewayAddresses,
                            DeviceBook devices, java.time.Clock clock) {
        this.devices = devices;
        this.clock = clock;
        this.users = users;
        this.identities = identities;
        Set<InetAddress> own = new HashSet<>(localAddresses());
        for (String a : configuredGatewayAddresses) {
            own.add(literal(a).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + a)));
        }
        this.gatewayAddresses = Set.copyOf(own);
    }

    public HandshakeReport apply(List<HandshakeDump.PeerLine> peers) {
        reports.incrementAndGet();
        int known = 0;
        int knownDevices = 0;
        List<String> newlyMigrated = new ArrayList<>();
        List<String> newlyMigratedDevices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (HandshakeDump.PeerLine p : peers) {
            Optional<String> user = identities.userOf(p.publicKey());
            Optional<DeviceRow> own = user.isPresent() || devices == null ? Optional.empty()
                    : devices.ofPublicKey(p.publicKey());
            if (user.isEmpty() && own.isEmpty()) {
                continue;
            }
            if (own.isPresent()) {
                knownDevices++;
            } else {
                known++;
            }
            if (p.latestHandshake().isEmpty() || p.endpointAddress().isEmpty()) {
                continue;
            }
            Optional<InetAddress> from = literal(p.endpointAddress().get());
            if (from.isEmpty() || gatewayAddresses.contains(from.get())) {
                continue; // the gateway speaking for the PPTP user
            }
            if (own.isPresent()) {
                markDevice(own.get(), p, newlyMigratedDevices);
                continue;
            }
            String name = user.get();
            UserRow row = users.row(name);
            Optional<DeviceRow> bound = devices == null ? Optional.empty() : devices.onUserIdentity(name);
            bound.ifPresent(d -> markDevice(d, p, newlyMigratedDevices));
            if (row.cutoverIssuedAt().isEmpty() && bound.isPresent()) {
                continue; // a per-device cut-over: the account keeps PPTP for its other devices
            }
            if (row.cutoverIssuedAt().isEmpty()) {
                notes.add(name + ": handshake from " + p.endpoint().orElseThrow() + " but no cut-over was issued; "
                        + "not marked migrated (is this a gateway address missing in migration.gatewayEndpoints?)");
                continue;
            }
            if (users.markMigrated(name, p.endpoint().orElseThrow(), p.latestHandshake().get())) {
                newlyMigrated.add(name);
                marked.incrementAndGet();
                LOG.info("{} migrated: native WireGuard handshake from {} at {}", name, p.endpoint().orElseThrow(),
                        p.latestHandshake().get());
            }
        }
        return new HandshakeReport(peers.size(), known, newlyMigrated, notes, knownDevices, newlyMigratedDevices);
    }

    private void markDevice(DeviceRow d, HandshakeDump.PeerLine p, List<String> newly) {
        if (devices.markMigrated(d, clock.instant(), p.endpoint().orElseThrow(), p.latestHandshake().get())) {
            newly.add(d.user() + "/" + d.id());
            marked.incrementAndGet();
            LOG.info("device {} of {} migrated: native WireGuard handshake from {} at {}", d.id(), d.user(),
                    p.endpoint().orElseThrow(), p.latestHandshake().get());
        }
    }

    public long reports() {
        return reports.get();
    }

    public long marked() {
        return marked.get();
    }

    private static Optional<InetAddress> literal(String address) {
        try {
            return Optional.of(InetAddresses.parse(address)); // literals only: never a DNS lookup
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> out = new HashSet<>();
        try {
            var ifaces = NetworkInterface.getNetworkInterfaces();
            while (ifaces != null && ifaces.hasMoreElements()) {
                ifaces.nextElement().getInetAddresses().asIterator().forEachRemaining(out::add);
            }
        } catch (SocketException e) {
            LOG.warn("cannot list this host's addresses: {}", e.toString());
        }
        return out;
    }
}
