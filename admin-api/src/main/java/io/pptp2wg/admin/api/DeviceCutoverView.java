package io.pptp2wg.admin.api;

/**
 * The answer to {@code POST /api/users/{name}/devices/{id}/cutover}. Holds the device's private key (in
 * {@code wireguardConfig}): never cached, audited.
 *
 * @param identity       {@code user-identity}: the user's own key and address (the backend already has that [Peer]);
 *                       {@code own-identity}: a key and pool address of the device's own
 * @param backendChange  whether the backend must add {@code backendPeer} to its wg-quick file
 * @param backendPeer    the backend's [Peer] block for this device (public key, address/32)
 * @param wireguardConfig the device's wg-quick file
 */
public record DeviceCutoverView(String user, String deviceId, String label, String identity, String publicKey,
                                String tunnelAddress, boolean backendChange, String backendPeer,
                                String wireguardConfig) {
    @Override
    public String toString() {
        return "DeviceCutoverView[" + user + "/" + deviceId + ", " + identity + ", " + publicKey + "]";
    }
}
