/**
 * One WireGuard identity and its one peer, with no I/O: bytes, events and monotonic time in, bytes out through
 * a {@link io.pptp2wg.wireguard.tunnel.TunnelSink}. {@link io.pptp2wg.wireguard.tunnel.Tunnel} is the façade
 * the device and the tests call; behind it, one part per concept of the whitepaper:
 * <ul>
 * <li>{@code Handshake} makes and answers the Noise IKpsk2 handshakes (§5.4.2-§5.4.5), keeps the keypairs they
 *     derive and decides when a session needs a fresh one (§6.2); its state is a {@code HandshakeState} (no
 *     handshake, initiation sent, response sent, established with its keypair).</li>
 * <li>{@code InitiationTurn} is the tunnel's turn in the device's
 *     {@link io.pptp2wg.wireguard.tunnel.InitiationWindow}: a slot taken per initiation in flight, a queued place
 *     when the window is full; its state an {@code InitiationSlot} (free, queued, held).</li>
 * <li>{@code Transport} seals IP packets on the current keypair (staging them until a handshake gives one) and
 *     opens, replay-checks and delivers what arrives (§5.4.6).</li>
 * <li>{@code CookieMacs} puts MAC1/MAC2 on the handshake messages we send, keeps the cookie the peer gave us,
 *     checks MAC1 on what we receive and writes our cookie replies (§5.4.4, §5.4.7).</li>
 * <li>{@code TunnelTimers} holds the §6 timers as deadlines, with one method per timer event (data sent, data
 *     received, any authenticated packet sent/received/traversing, handshake initiated/complete, keypair
 *     derived) and {@code tick} to run what is due.</li>
 * </ul>
 * Counters are {@link io.pptp2wg.stats.EnumCounters} by {@code TunnelCounter}, {@link
 * io.pptp2wg.wireguard.tunnel.SendResult} and {@link io.pptp2wg.wireguard.tunnel.Disposition}, read as a
 * {@link io.pptp2wg.wireguard.tunnel.TunnelStats}. {@link io.pptp2wg.wireguard.tunnel.TunnelContext} is what
 * the tunnels of one socket share (randomness, wall time, crypto objects, indices, scratch buffers).
 * Single-threaded: the socket's thread. No key leaves it: a test that decrypts a capture passes in the
 * randomness and so knows the ephemeral keys itself.
 */
package io.pptp2wg.wireguard.tunnel;
