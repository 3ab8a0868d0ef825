/**
 * The gateway's edge: Netty, the raw GRE sockets and the clock around the protocol cores (PPTP control, GRE, PPP).
 * The parts, one sentence each:
 * <ul>
 *   <li>{@link io.pptp2wg.gateway.PptpGateway}: the process's PPTP side (TCP 1723, the GRE sockets, the sessions),
 *       built from {@link io.pptp2wg.gateway.GatewayOptions}.</li>
 *   <li>{@link io.pptp2wg.gateway.ControlChannels} accepts each TCP connection under the flood caps
 *       ({@link io.pptp2wg.gateway.FloodLimits}, {@link io.pptp2wg.gateway.ConnectionCaps}) and gives it a
 *       {@link io.pptp2wg.gateway.ControlSession}, which runs its control core and owns its calls.</li>
 *   <li>{@link io.pptp2wg.gateway.CallAdmission} decides whether an Outgoing-Call-Request gets a call (pptpd's
 *       {@code connections}, the Call IDs).</li>
 *   <li>{@link io.pptp2wg.gateway.CallSession} is one call: its GRE state, its PPP link, and the hand-over of IP
 *       packets between them and the bridge; beside it, its GRE (headers, sequence and acknowledgments, packets
 *       out: {@link io.pptp2wg.gateway.CallGre}), what it carried ({@link io.pptp2wg.gateway.CallTraffic}),
 *       how it ends ({@link io.pptp2wg.gateway.CallEnding}), where its login stands with the login rules
 *       ({@link io.pptp2wg.gateway.CallLogin}), when its client was last heard from
 *       ({@link io.pptp2wg.gateway.ClientHeard}) and what RADIUS knows of it ({@link io.pptp2wg.gateway.CallRadius}).</li>
 *   <li>{@link io.pptp2wg.gateway.ConcurrentLogins}: several sessions of one user, the per-user limit
 *       ({@link io.pptp2wg.gateway.SessionsPerUser}) and the reconnect of a device.</li>
 *   <li>{@link io.pptp2wg.gateway.GreSockets}, {@link io.pptp2wg.gateway.GreTimers} and
 *       {@link io.pptp2wg.gateway.LoopResources}: the GRE path of each event loop.</li>
 *   <li>{@link io.pptp2wg.gateway.LocalReplies} ({@link io.pptp2wg.gateway.EchoResponder},
 *       {@link io.pptp2wg.gateway.LocalDhcp}): what the gateway answers itself inside a tunnel.</li>
 *   <li>{@link io.pptp2wg.gateway.LiveSessions} and {@link io.pptp2wg.gateway.SessionReports}: the sessions that
 *       are up, and what is logged and published about every session.</li>
 * </ul>
 */
package io.pptp2wg.gateway;
