package io.pptp2wg.config.ppp;

import java.util.Map;

/**
 * The pppd options that change nothing for a gateway, each with the reason that {@code pptp2wg check} and the
 * start-up log show ("ignored"), so that an old host's options file is read without a warning for each.
 */
final class IgnoredOptions {
    private IgnoredOptions() {}

    /** Options that change nothing for a gateway, with the reason shown at start-up. */
    static final Map<String, String> IGNORED_FLAGS = Map.ofEntries(
            Map.entry("proxyarp", "traffic goes into WireGuard, there is no LAN to answer ARP on"),
            Map.entry("noproxyarp", "traffic goes into WireGuard, there is no LAN to answer ARP on"),
            Map.entry("lock", "there is no serial device to lock"),
            Map.entry("nolock", "there is no serial device to lock"),
            Map.entry("nobsdcomp", "compression other than MPPE encryption is always refused"),
            Map.entry("nodeflate", "compression other than MPPE encryption is always refused"),
            Map.entry("nopredictor1", "compression other than MPPE encryption is always refused"),
            Map.entry("nomppc", "MPPC compression is always refused"),
            Map.entry("novj", "Van Jacobson header compression is always rejected"),
            Map.entry("-vj", "Van Jacobson header compression is always rejected"),
            Map.entry("novjccomp", "Van Jacobson header compression is always rejected"),
            Map.entry("-vjccomp", "Van Jacobson header compression is always rejected"),
            Map.entry("nologfd", "the gateway logs through the logging section of config.yml"),
            Map.entry("dump", "the gateway's configuration is shown by `pptp2wg check`"),
            Map.entry("noipx", "IPX is not carried"),
            Map.entry("nodefaultroute", "the gateway never changes its own routes"),
            Map.entry("defaultroute", "the gateway never changes its own routes"),
            Map.entry("ipcp-accept-local", "addresses are assigned by the gateway"),
            Map.entry("ipcp-accept-remote", "addresses are assigned by the gateway"),
            Map.entry("noipdefault", "addresses are assigned by the gateway"),
            Map.entry("default-asyncmap", "async control-character maps do not apply to frames carried in GRE"),
            Map.entry("crtscts", "there is no serial line"),
            Map.entry("nocrtscts", "there is no serial line"),
            Map.entry("modem", "there is no serial line"),
            Map.entry("local", "there is no serial line"),
            Map.entry("persist", "a client-side option"),
            Map.entry("nopersist", "a client-side option"),
            Map.entry("nodetach", "the gateway is one process"),
            Map.entry("-detach", "the gateway is one process"),
            Map.entry("updetach", "the gateway is one process"),
            Map.entry("ktune", "the gateway does not change kernel settings"),
            Map.entry("noktune", "the gateway does not change kernel settings"),
            Map.entry("hide-password", "secrets are never logged"),
            Map.entry("show-password", "secrets are never logged"),
            Map.entry("usepeerdns", "a client-side option"),
            Map.entry("silent", "the gateway always waits for the client to start LCP"),
            Map.entry("passive", "the gateway always waits for the client to start LCP"),
            Map.entry("receive-all", "async control-character maps do not apply to frames carried in GRE"),
            Map.entry("noccp", "CCP is used only for MPPE, as the MPPE options say"),
            Map.entry("nomultilink", "multilink is always rejected"),
            Map.entry("nomp", "multilink is always rejected"),
            Map.entry("lcp-echo-adaptive", "echoes are sent every lcp-echo-interval"),
            Map.entry("refuse-eap", "EAP is never offered"),
            Map.entry("-eap", "EAP is never offered"),
            Map.entry("+ipv6", "IPv6 is not carried: IPV6CP is answered with Protocol-Reject"),
            Map.entry("ipv6cp-use-ipaddr", "IPv6 is not carried"),
            Map.entry("noipv6", "IPv6 is not carried"),
            Map.entry("-ipv6", "IPv6 is not carried"),
            Map.entry("nomagic", "the Magic-Number option is always negotiated, for loop detection"),
            Map.entry("noendpoint", "multilink is always rejected"));

    /** Options with one argument that change nothing for a gateway. */
    static final Map<String, String> IGNORED_WITH_ARG = Map.ofEntries(
            Map.entry("logfile", "the gateway logs through the logging section of config.yml"),
            Map.entry("logfd", "the gateway logs through the logging section of config.yml"),
            Map.entry("kdebug", "there is no kernel PPP driver"),
            Map.entry("netmask", "each client gets a host address"),
            Map.entry("asyncmap", "async control-character maps do not apply to frames carried in GRE"),
            Map.entry("holdoff", "a client-side option"),
            Map.entry("maxfail", "a client-side option"),
            Map.entry("connect-delay", "a client-side option"),
            Map.entry("ipparam", "there is no ip-up script to pass it to"),
            Map.entry("linkname", "there is no pid file per link"),
            Map.entry("unit", "there are no ppp interfaces"),
            Map.entry("remotename", "a client-side option"),
            Map.entry("user", "a client-side option"),
            Map.entry("password", "a client-side option"),
            Map.entry("vj-max-slots", "Van Jacobson header compression is always rejected"),
            Map.entry("bsdcomp", "compression other than MPPE encryption is always refused"),
            Map.entry("deflate", "compression other than MPPE encryption is always refused"),
            Map.entry("mrru", "multilink is always rejected"),
            Map.entry("pap-restart", "PAP requests are answered as they come"),
            Map.entry("pap-max-authreq", "PAP requests are answered as they come"),
            Map.entry("pap-timeout", "PAP requests are answered as they come"),
            Map.entry("chap-interval", "CHAP is not repeated during a session (pppd's default)"),
            Map.entry("ipcp-max-terminate", "IPCP takes its terminate count from lcp-max-terminate"),
            Map.entry("init", "there is no serial line"),
            Map.entry("connect", "there is no serial line"),
            Map.entry("disconnect", "there is no serial line"),
            Map.entry("welcome", "there is no serial line"),
            Map.entry("pty", "the gateway terminates PPP itself"),
            Map.entry("ipv6", "IPv6 is not carried"),
            Map.entry("allow-ip", "addresses come from chap-secrets and remoteip"),
            Map.entry("allow-number", "there is no telephone number"),
            Map.entry("idle-active", "idle counts traffic in both directions"));

    /** Why the option has no effect; null when it is not one of these. */
    static String reason(String opt, boolean withArgument) {
        String why = IGNORED_FLAGS.get(opt);
        return why == null && withArgument ? IGNORED_WITH_ARG.get(opt) : why;
    }

    /** Whether the ignored option takes one argument (which then belongs to it, not to the next option). */
    static boolean takesArgument(String opt) {
        return IGNORED_WITH_ARG.containsKey(opt);
    }
}
