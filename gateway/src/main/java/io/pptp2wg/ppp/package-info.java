/**
 * PPP (RFC 1661) for one PPTP call, as a core without I/O: the server side (the gateway) and the
 * client side (the load generator and the tests, in the testkit module: {@code ClientPppLinks.client(new
 * PppClientConfig(options, user, secret, random))}, never in the production jar), which share the automaton, the option handlers, MPPE and the phases
 * ({@code PppLinkBase} and its parts, below) and differ only in who authenticates whom and who assigns
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
 * servers ({@code ChapServer}, {@code PapServer}; the peers {@code ChapPeer}, {@code PapPeer} are in testkit);
 * {@code io.pptp2wg.mppe}: RFC 3078/3079 keys and the per-packet encryptor/decryptor;
 * {@code ServerPppLink} (here) and {@code ClientPppLink} (testkit): the roles (who authenticates whom, who assigns the address).
 *
 * <h2>One link, part by part</h2>
 * <ul>
 * <li>{@code PppLinkBase}: the link phase machine (RFC 1661 §3.2): frames taken while the link runs,
 *     LCP's events turned into phase changes, the end reported once.</li>
 * <li>{@code FrameDemux}: each frame from the peer, length and header checked, to its protocol: MPPE and
 *     IP in place to the network phase, the control protocols as views, anything else Protocol-Rejected.</li>
 * <li>{@code LinkState}: where the link is, one value: not started, Establish, Authenticate, the held
 *     network phase (with the CCP/IPCP requests it keeps for the resume), Network (with its stage:
 *     awaiting MPPE, negotiating, open), Terminate, Ended. {@code LinkPhase} is its RFC name.</li>
 * <li>{@code NetworkPhase}: CCP, then IPCP at once or once MPPE runs; open when both are up; IP both ways;
 *     the held requests answered on resume.</li>
 * <li>{@code MppeDataPath}: each IP packet framed (and encrypted) for the peer and each MPPE packet from
 *     it opened; owns the encryptor, the decryptor and the start keys; asks for and honours CCP
 *     Reset-Requests (RFC 3078 §7). Nothing allocated per packet.</li>
 * <li>{@code LinkTimers}: the idle and maxconnect limits of the open network phase.</li>
 * <li>{@code LinkLog}: drops counted in {@code PppCounters}, and with {@code debug} the packets printed
 *     ({@code PacketPrinter}) as pppd logs them.</li>
 * </ul>
 */
package io.pptp2wg.ppp;
