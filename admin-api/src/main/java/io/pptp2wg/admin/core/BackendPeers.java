package io.pptp2wg.admin.core;

import io.pptp2wg.admin.db.DeviceRow;

/** The backend's [Peer] blocks: the gateway's, one per PPTP user, one per device with an identity of its own. */
public final class BackendPeers {
    private BackendPeers() {
    }

    /** The [Peer] blocks, as {@code GET /api/backend/peers} and {@code pptp2wg backend-peers} print them. */
    public static String text(UserBook users, StoredIdentities identities, StickyAddresses addresses,
                              CutoverConfigs cutover, DeviceBook devices) {
        StringBuilder out = new StringBuilder("# pptp2wg: one peer per PPTP user for the backend's wg-quick file,"
                + " and one for the gateway itself\n\n");
        out.append(CutoverConfigs.gatewayPeer(cutover.gatewayPublicKey(), addresses.pool()));
        for (String user : users.provisioned()) { // not the names known from failed RADIUS logins alone
            var key = identities.publicKeyOf(user);
            var address = addresses.addressOf(user);
            if (key.isPresent() && address.isPresent()) {
                out.append('\n').append(CutoverConfigs.backendPeer(user, key.get(), address.get()));
            } else {
                out.append("\n# ").append(user.replaceAll("\\p{Cntrl}", "?")).append(": no tunnel address yet\n");
            }
        }
        // devices cut over with a key and address of their own (a user's first device uses the user's peer above)
        for (DeviceRow d : devices.withOwnIdentity()) {
            if (users.isProvisioned(d.user()) && d.cutover() instanceof DeviceRow.DeviceCutover.OwnIdentity o) {
                out.append('\n').append(CutoverConfigs.backendPeer(DeviceCutovers.owner(d), o.publicKey(),
                        o.tunnelAddress()));
            }
        }
        return out.toString();
    }
}
