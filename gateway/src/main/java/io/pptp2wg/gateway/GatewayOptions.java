package io.pptp2wg.gateway;

import io.pptp2wg.config.GatewaySettings;
import io.pptp2wg.dhcp.DhcpSettings;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.pptp.gre.GreConfig;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.LoginPolicy;
import io.pptp2wg.session.guard.GuessingLimits;
import io.pptp2wg.session.guard.LoginLimiter;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * What a {@link PptpGateway} is built from.
 *
 * @param settings   pptpd.conf + options + secrets, as loaded
 * @param ppp        the PPP link factory ({@code PppLinks::server})
 * @param policy     the admin API's login policy
 * @param addresses  the tunnel address allocator; null = an in-memory {@link StickyAddressAllocator}
 * @param tcpPort    1723, or another port in tests
 * @param eventLoops how many event loops (threads) carry the sessions; 0 = one per core
 * @param nanoClock  the monotonic clock ({@code System::nanoTime})
 * @param wallClock  for the events' timestamps
 * @param random     CHAP challenges, magic numbers, call ID start
 * @param gre        the GRE layer's timers and limits
 * @param dhcp       the DHCPINFORM responder's answers, or off
 * @param maxSessionsPerUser sessions one user may have at once ({@link #UNLIMITED}: only {@code connections}
 *                   bounds them, as with pptpd); a login beyond it is refused with a message to the client
 * @param limiter    the online-guessing limits (per source address and per user), shared with the admin API
 * @param floods     the caps on control connections per address, half-open connections and calls per connection
 */
public record GatewayOptions(GatewaySettings settings, PppLinkFactory ppp, LoginPolicy policy, AddressAllocator addresses,
                      int tcpPort, int eventLoops, LongSupplier nanoClock, Clock wallClock, Random random,
                      GreConfig gre, DhcpSettings dhcp, int maxSessionsPerUser,
                      LoginLimiter limiter, FloodLimits floods) {
    /** No per-user limit: pptpd has none (several logins of one name are several calls). */
    public static final int UNLIMITED = 0;

    /** DHCP off: nothing to answer a DHCPINFORM with until {@link #withDhcp} says (admin-api does). */
    public static GatewayOptions of(GatewaySettings settings, PppLinkFactory ppp) {
        return new GatewayOptions(settings, ppp, LoginPolicy.allowAll(), null, ControlProtocol.TCP_PORT, 0,
                System::nanoTime, Clock.systemUTC(), new SecureRandom(), GreConfig.defaults(), DhcpSettings.disabled(),
                UNLIMITED, new LoginLimiter(GuessingLimits.DEFAULTS), FloodLimits.DEFAULTS);
    }

    public GatewayOptions withPolicy(LoginPolicy p) {
        return new GatewayOptions(settings, ppp, p, addresses, tcpPort, eventLoops, nanoClock, wallClock, random, gre, dhcp,
                maxSessionsPerUser, limiter, floods);
    }

    public GatewayOptions withAddresses(AddressAllocator a) {
        return new GatewayOptions(settings, ppp, policy, a, tcpPort, eventLoops, nanoClock, wallClock, random, gre, dhcp,
                maxSessionsPerUser, limiter, floods);
    }

    public GatewayOptions withPort(int port) {
        return new GatewayOptions(settings, ppp, policy, addresses, port, eventLoops, nanoClock, wallClock, random, gre, dhcp,
                maxSessionsPerUser, limiter, floods);
    }

    public GatewayOptions withEventLoops(int n) {
        return new GatewayOptions(settings, ppp, policy, addresses, tcpPort, n, nanoClock, wallClock, random, gre, dhcp,
                maxSessionsPerUser, limiter, floods);
    }

    /** What DHCPINFORMs from clients are answered with (io.pptp2wg.dhcp). */
    public GatewayOptions withDhcp(DhcpSettings d) {
        return new GatewayOptions(settings, ppp, policy, addresses, tcpPort, eventLoops, nanoClock, wallClock, random, gre, d,
                maxSessionsPerUser, limiter, floods);
    }

    /** The online-guessing limits (config.yml {@code guessing:}), shared with every other way a password is checked. */
    public GatewayOptions withLimiter(LoginLimiter l) {
        return new GatewayOptions(settings, ppp, policy, addresses, tcpPort, eventLoops, nanoClock, wallClock, random, gre, dhcp,
                maxSessionsPerUser, l, floods);
    }

    /** The caps against connection floods (config.yml {@code floods:}). */
    public GatewayOptions withFloods(FloodLimits f) {
        return new GatewayOptions(settings, ppp, policy, addresses, tcpPort, eventLoops, nanoClock, wallClock, random, gre, dhcp,
                maxSessionsPerUser, limiter, f);
    }

    public GatewayOptions withMaxSessionsPerUser(int n) {
        return new GatewayOptions(settings, ppp, policy, addresses, tcpPort, eventLoops, nanoClock, wallClock, random, gre, dhcp, n, limiter, floods);
    }
}
