/**
 * A userspace WireGuard peer (the whitepaper's protocol, bit for bit what the kernel and wireguard-go speak) with
 * many local identities behind one UDP socket.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>{@link io.pptp2wg.wireguard.Whitepaper}: every protocol constant, named and sectioned as in the whitepaper.
 *   <li>{@code crypto}: HASH/MAC/HMAC/KDF over Bouncy Castle's BLAKE2s, AEAD (the JDK's ChaCha20-Poly1305), XAEAD
 *       (Bouncy Castle's XChaCha20-Poly1305), DH (Bouncy Castle's X25519), wipeable keys.
 *   <li>{@code noise}: the Noise IKpsk2 handshake (SymmetricState, the two messages, Split), checked against
 *       cacophony's vector.
 *   <li>{@code messages}: the four message layouts, offsets and sizes derived from their parts (148/92/64/32), TAI64N.
 *   <li>{@code replay}: the 8128-counter sliding window (RFC 6479). {@code keys}: keypairs current/previous/next.
 *   <li>{@code cookie}: the responder's cookie secret and the per-source rate limiter.
 *   <li>{@code tunnel}: {@link io.pptp2wg.wireguard.tunnel.Tunnel}, one identity and its peer with no I/O
 *       (boringtun's Tunn: send / receive / updateTimers(now), output through a sink; time and randomness passed in),
 *       a façade over its handshake, transport, cookie/MAC and timer parts (the package's own documentation).
 *   <li>{@code device}: {@link io.pptp2wg.wireguard.device.Device}, many identities on one socket, still no I/O: the
 *       demultiplexer (receiver index; MAC1 for initiations), load detection and cookies.
 *   <li>{@code udp}: {@link io.pptp2wg.wireguard.udp.WireGuardSocket}, the I/O edge (sockets, event loops, the clock);
 *       its package-info names the parts (lanes, the two transports, steering, hand-over).
 * </ul>
 *
 * <h2>For the relay (issue 5)</h2>
 * <pre>{@code
 * WireGuardSocket wg = WireGuardSocket.open(WireGuardSocket.Options.defaults(new InetSocketAddress(port)),
 *         (identity, ipPacket) -> relay.fromBackend(identity, ipPacket));   // on the socket's loop; buffer valid in the call
 * Identity id = wg.addIdentity(user, userPrivateKey, backendPublicKey, psk, backendEndpoint, 0).join(); // user logs in
 * id.attach(session);                                  // find the session from the identity later
 * wg.send(id, ipPacketFromPptp);                        // any thread; first packet starts the handshake
 * id.lastHandshake(); id.stats(); id.peerEndpoint();    // any thread
 * wg.removeIdentity(id);                               // user logs out: keys wiped, indices freed
 * }</pre>
 * Cryptokey routing on receive (is the packet's source address this identity's?) is the relay's job: the socket
 * tells it which identity a packet arrived on. Threading: the Device and its Tunnels belong to the socket's event
 * loop; WireGuardSocket's public methods hop onto it.
 */
package io.pptp2wg.wireguard;
