/**
 * PPP (RFC 1661) for one PPTP call, as a core without I/O: the server side (the gateway) and the
 * client side (the load generator, {@code PppLinks.client(new PppClientConfig(options, user, secret,
 * random))}), which share the automaton, the option handlers, MPPE and the phases
 * ({@code PppLinkBase}) and differ only in who authenticates whom and who assigns
 * the address.
 *
 * <h2>Use from the PPTP call</h2>
 * <pre>{@code
 * PppLink link = PppLinks.server(new PppLinkConfig(options, usersSupplier, loginPolicy, addressAllocator,
 *         localTunnelAddress, clientFingerprint, new SecureRandom()), line -> log.debug("{}", line));
 * link.start(System.nanoTime(), out);                       // the call is connected: LCP starts
 * link.receiveFrame(grePayload, System.nanoTime(), out);   // each GRE payload (FF 03 present or not)
 * link.sendIp(ipPacket, System.nanoTime(), out);           // each IP packet for the client
 * link.poll(System.nanoTime(), out);                       // when System.nanoTime() >= link.nextDeadlineNanos()
 * link.lowerDown(System.nanoTime(), out);                  // the call was cleared
 * link.counters();                                          // from any thread: frames, IP bytes, drops by reason
 * }</pre>
 * {@link io.pptp2wg.ppp.PppOutput#sendFrame} gets each frame for a GRE payload (the buffer is reused:
 * copy it), {@link io.pptp2wg.ppp.PppOutput#deliverIp} each decrypted IP packet, and
 * {@link io.pptp2wg.ppp.PppOutput#linkEvent} the events (Authenticated, AuthFailed, Refused, Opened,
 * Closed exactly once). After Closed, clear the call. One thread at a time per link.
 *
 * <h2>Map</h2>
 * {@code fsm}: the RFC 1661 §4 automaton shared by LCP, IPCP and CCP, and the option negotiator;
 * {@code lcp}, {@code ipcp}, {@code ccp}: the protocols and one handler per option (Authentication-
 * Protocol and IP-Address in either role); {@code auth}: MS-CHAPv2, MS-CHAPv1, CHAP-MD5 and PAP,
 * servers ({@code ChapServer}, {@code PapServer}) and peers ({@code ChapPeer}, {@code PapPeer});
 * {@code io.pptp2wg.mppe}: RFC 3078/3079 keys and the per-packet encryptor/decryptor;
 * {@code PppLinkBase}: the phases that tie them; {@code ServerPppLink}, {@code ClientPppLink}: the roles.
 */
package io.pptp2wg.ppp;
