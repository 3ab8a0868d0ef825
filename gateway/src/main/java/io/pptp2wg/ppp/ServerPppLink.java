package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.config.secrets.UserDirectory;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.auth.AuthContext;
import io.pptp2wg.ppp.auth.AuthListener;
import io.pptp2wg.ppp.auth.Authenticator;
import io.pptp2wg.ppp.auth.ChapMethod;
import io.pptp2wg.ppp.auth.ChapServer;
import io.pptp2wg.ppp.auth.PapServer;
import io.pptp2wg.session.AddressAllocator;
import io.pptp2wg.session.PppTraits;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server side of PPP over one PPTP call: asks the client to authenticate (MS-CHAPv2, MS-CHAPv1,
 * CHAP-MD5 or PAP, as the options allow), checks it against the user directory and the login policy,
 * assigns the client's tunnel address and gives it back at the end. The phases around that are
 * {@link PppLinkBase}'s. Not thread-safe: one caller thread at a time.
 */
final class ServerPppLink extends PppLinkBase implements AuthListener {
    private final PppLinkConfig config;
    private final AuthContext authContext;
    private Authenticator authenticator;
    private int peerAddress;
    private boolean addressAllocated;
    private PppTraits.NameForm nameForm = PppTraits.NameForm.UNSEEN;
    ServerPppLink(PppLinkConfig config, Consumer<String> debug) {
        super(Role.SERVER, config.options(), offered(config), config.random(), config.localAddress(), debug);
        this.config = config;
        // the policy sees the device as far as it is known at the login: Identification comes right after LCP opens
        this.authContext = new AuthContext(options, config.users(),
                u -> config.policy().check(u, config.client().withPpp(peerTraits())), config.random(), this, this,
                config.guard(), config.remoteAuth());
    }

    /**
     * The options' methods, PAP only while pap-secrets has an entry for this server: pppd checks that at
     * every LCP start (auth.c, auth_reset) and does not offer PAP otherwise. A PAP-only list stays as it is
     * (the login then fails), so that a link is never left without authentication.
     */
    static List<AuthProtocol> offered(PppLinkConfig config) {
        List<AuthProtocol> methods = config.options().auth();
        if (config.remoteAuth().isPresent()) {
            return methods; // pppd's radius plugin lets every allowed method through (its pap/chap check hooks say yes)
        }
        UserDirectory users = config.users().get();
        if (!methods.contains(AuthProtocol.PAP) || methods.size() == 1 || (users != null && users.hasPapEntries())) {
            return methods;
        }
        return methods.stream().filter(p -> p != AuthProtocol.PAP).toList();
    }

    // ---- the role's part

    @Override
    void startAuthentication() {
        authMethod = lcp.authMethod();
        if (authMethod == null) {
            note("no authentication required by the options");
            enterNetworkPhase("", null, null);
            return;
        }
        authenticating();
        authenticator = authMethod == AuthProtocol.PAP
                ? new PapServer(authContext) : new ChapServer(authContext, ChapMethod.of(authMethod));
        authenticator.start(now);
    }

    @Override
    void receiveAuthentication(int protocol, ByteBuffer packet) {
        if (authenticator != null && protocol == authProtocolNumber()) {
            LoginNameForm.of(protocol, packet).ifPresent(f -> nameForm = f);
            authenticator.receive(packet, now);
        } else {
            drop(PppCounters.Drop.OUT_OF_PHASE, PppProtocol.name(protocol) + " packet outside its authentication phase");
        }
    }

    @Override
    void pollAuthentication(long nowNanos) {
        if (authenticator != null) {
            authenticator.poll(nowNanos);
        }
    }

    @Override
    long authenticationDeadline() {
        return authenticator == null ? Long.MAX_VALUE : authenticator.deadline();
    }

    @Override
    void stopAuthentication() {
        if (authenticator != null) {
            authenticator.stop();
        }
    }

    @Override
    int localAddress() {
        return config.localAddress();
    }

    @Override
    public void resumeNetwork(long nowNanos, PppOutput output) {
        LinkState.Held h = takeHold();
        if (h == null) {
            return;
        }
        enter(nowNanos, output);
        enterNetworkPhase(h.login(), h.method(), h.material());
        replayHeld(h);
    }

    @Override
    void released() {
        if (addressAllocated) {
            addressAllocated = false;
            config.addresses().release(user, peerAddress);
        }
    }

    @Override
    public void remoteAuthAnswered(long ticket, io.pptp2wg.radius.RadiusReply reply, long nowNanos, PppOutput output) {
        enter(nowNanos, output);
        if (authenticator == null || ended()) {
            if (reply instanceof io.pptp2wg.radius.RadiusReply.Accept a) {
                a.mppeKeys().ifPresent(MppeKeyMaterial::destroy);
            }
            return;
        }
        authenticator.remoteAnswered(ticket, reply, nowNanos);
    }

    @Override
    public PppTraits peerTraits() {
        return new PppTraits(lcp.peerIdentifications(), nameForm);
    }

    // ---- authentication (AuthListener)

    @Override
    public void authSucceeded(String login, AuthProtocol method, MppeKeyMaterial material) {
        note(method.displayName() + " authentication succeeded");
        event(new PppLinkEvent.Authenticated(login, method));
        enterNetworkPhase(login, method, material);
    }

    /** RADIUS accepted: Framed-IP-Address decides the address (RFC 2865 §5.8), as pppd's radius plugin does. */
    @Override
    public void authSucceeded(String login, AuthProtocol method, MppeKeyMaterial material, io.pptp2wg.radius.RadiusReply.Accept grant) {
        note(method.displayName() + " authentication succeeded (RADIUS " + grant.server() + ")");
        event(new PppLinkEvent.Authenticated(login, method));
        limitSession(grant.sessionTimeout(), grant.idleTimeout());
        ipcp.useNameServers(grant.dns(), grant.nbns());
        grant.sessionTimeout().ifPresent(t -> note("Session-Timeout " + t + " s"));
        grant.idleTimeout().ifPresent(t -> note("Idle-Timeout " + t + " s"));
        int framed = grant.framedIp().orElse(io.pptp2wg.radius.RadiusWire.FRAMED_IP_FROM_POOL);
        if (framed == io.pptp2wg.radius.RadiusWire.FRAMED_IP_CLIENT_CHOOSES) {
            // pppd would accept the client's own address; the gateway routes only addresses it assigns
            note("Framed-IP-Address 255.255.255.255 (client's choice): an address from the pool is assigned instead");
        }
        if (framed != io.pptp2wg.radius.RadiusWire.FRAMED_IP_FROM_POOL
                && framed != io.pptp2wg.radius.RadiusWire.FRAMED_IP_CLIENT_CHOOSES) {
            user = login;
            peerAddress = framed;
            addressAllocated = false; // the server's address, not the pool's: nothing to give back
            note("address " + io.pptp2wg.config.Ipv4.format(framed) + " from Framed-IP-Address");
            ipcp.assign(peerAddress);
            startNetwork(login, method, material);
            return;
        }
        enterNetworkPhase(login, method, material);
    }

    @Override
    public void authFailed(String login, AuthProtocol method, String reason, boolean lastAttempt) {
        note(method.displayName() + " authentication failed for " + PacketPrinter.printable(login) + ": " + reason);
        event(new PppLinkEvent.AuthFailed(login, method, reason));
        if (lastAttempt) {
            fail("Authentication failed");
        }
    }

    @Override
    public void authRefused(String login, AuthProtocol method, String message) {
        note("login of " + PacketPrinter.printable(login) + " refused: " + message);
        event(new PppLinkEvent.Refused(login, message));
        fail("Authentication refused: " + message);
    }

    @Override
    public void authLockedOut(String login, AuthProtocol method, String message) {
        // no link event: the password was not checked, so this is neither a failure nor a refusal of the user
        // (the edge counts it and journals the lock-out when it begins)
        note("login of " + PacketPrinter.printable(login) + " refused before its password was checked: " + message);
        fail("Authentication refused: " + message);
    }

    @Override
    public void authTimedOut(String reason) {
        fail(reason);
    }

    /** The user's tunnel address first (none left: the link ends), then CCP and IPCP. */
    private void enterNetworkPhase(String login, AuthProtocol method, MppeKeyMaterial material) {
        user = login;
        AddressAllocator.Result address = config.addresses().assign(login, AddressAllocator.Claim.NEW_SESSION);
        if (address instanceof AddressAllocator.Result.Pending) {
            note("network phase held: is the older session of this device still there?");
            hold(login, method, material);
            return;
        }
        if (!(address instanceof AddressAllocator.Result.Assigned assigned)) {
            if (material != null) {
                material.destroy();
            }
            String why = address instanceof AddressAllocator.Result.None none ? ": " + none.why() : "";
            fail("No address available for " + PacketPrinter.printable(login) + why);
            return;
        }
        peerAddress = assigned.address();
        addressAllocated = true;
        ipcp.assign(peerAddress);
        startNetwork(login, method, material);
    }
}
