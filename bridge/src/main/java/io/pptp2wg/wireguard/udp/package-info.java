/**
 * The WireGuard UDP edge: sockets, event loops and the clock around the pure {@code wireguard.device} core.
 *
 * <ul>
 *   <li>{@link io.pptp2wg.wireguard.udp.WireGuardSocket}: the port the relay uses; picks our own socket or Netty's
 *       channel, opens one lane per event loop on one port, adds, removes and sends through identities, closes.</li>
 *   <li>{@link io.pptp2wg.wireguard.udp.Lane}: one event loop with its device and its socket; datagrams in,
 *       packets out, the timer tick and one flush after each batch of work.</li>
 *   <li>{@link io.pptp2wg.wireguard.udp.LaneTransport}: what a lane needs of its socket (queue a datagram, flush,
 *       address, close), with two implementations, each reading by itself:
 *       {@link io.pptp2wg.wireguard.udp.OwnUdpTransport} (our FFM socket, registered with epoll,
 *       recvmmsg/sendmmsg) and {@link io.pptp2wg.wireguard.udp.NettyChannelTransport} (Netty's datagram channel,
 *       the fallback).</li>
 *   <li>{@link io.pptp2wg.wireguard.udp.UdpSocket}: the non-blocking IPv4 UDP socket through the foreign function
 *       API, with its send batch (sendmmsg, optional UDP GSO).</li>
 *   <li>{@link io.pptp2wg.wireguard.udp.ReuseportSteering}: the classic BPF program that makes the kernel deliver a
 *       datagram to the lane owning its receiver index.</li>
 *   <li>{@link io.pptp2wg.wireguard.udp.HandOver}: what steering could not place (an initiation, no program) is
 *       copied to the lane that owns it.</li>
 *   <li>{@link io.pptp2wg.wireguard.udp.SocketCounters}: the drops and hand-overs all lanes count together.</li>
 * </ul>
 */
package io.pptp2wg.wireguard.udp;
