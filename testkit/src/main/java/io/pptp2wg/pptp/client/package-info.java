/**
 * The client (PNS) side of PPTP (RFC 2637), as a core without I/O, for the load generator:
 * {@link io.pptp2wg.pptp.client.ClientControlConnection} places calls on a control connection and
 * reports them to a {@link io.pptp2wg.pptp.client.ClientControlListener}; each connected call's GRE
 * is the role-neutral {@link io.pptp2wg.pptp.gre.GreCall} (key = the server's Call ID) and its PPP
 * the client link of {@code io.pptp2wg.ppp.PppLinks.client}. The codec and message records are the
 * server's ({@code io.pptp2wg.pptp.control}).
 *
 * <pre>{@code
 * ClientControlConnection c = new ClientControlConnection(ClientControlConfig.defaults("loadgen"), listener, stats);
 * c.start(now, out);                                // TCP connected: Start-Control-Connection-Request
 * c.placeCall(callId, serial, now, out);            // Outgoing-Call-Request (after the start reply)
 * c.receive(frame, now, out);                       // each framed message from the server
 * c.poll(now, out);                                 // when now >= c.nextDeadlineNanos()
 * c.clearCall(callId, now, out); c.stop(now, out);  // Call-Clear-Request; Stop-Control-Connection-Request
 * c.lowerDown("TCP closed");                        // the TCP connection went away
 * }</pre>
 */
package io.pptp2wg.pptp.client;
