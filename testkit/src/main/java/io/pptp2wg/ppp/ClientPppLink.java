package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.auth.AuthPeer;
import io.pptp2wg.ppp.auth.ChapPeer;
import io.pptp2wg.ppp.auth.PapPeer;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The client side of PPP over one PPTP call, as pppd runs it for pptp-linux: authenticates itself
 * with the method the server asks for if the options accept it (else Naks with the first one they
 * accept), checks the MS-CHAPv2 authenticator response, negotiates MPPE with the same option handler
 * as the server, asks IPCP for 0.0.0.0 and takes the address the server's Nak names. Asks nothing
 * of the server's identity ({@code noauth}). Not thread-safe: one caller thread at a time.
 */
final class ClientPppLink extends PppLinkBase implements AuthPeer.Listener {
    private final PppClientConfig config;
    private AuthPeer peer;

    ClientPppLink(PppClientConfig config, Consumer<String> debug) {
        super(Role.CLIENT, config.options(), config.options().auth(), config.random(), 0, debug);
        this.config = config;
    }

    @Override
    void startAuthentication() {
        authMethod = lcp.authenticateWith();
        if (authMethod == null) {
            note("the peer asks for no authentication");
            startNetwork(config.user(), null, null);
            return;
        }
        authenticating();
        AuthPeer.Context ctx = new AuthPeer.Context(config.user(), config.secret(), options, random, this, this);
        peer = authMethod == AuthProtocol.PAP ? new PapPeer(ctx) : new ChapPeer(ctx, authMethod);
        peer.start(now);
    }

    @Override
    void receiveAuthentication(int protocol, ByteBuffer packet) {
        if (peer != null && protocol == authProtocolNumber()) {
            peer.receive(packet, now);
        } else {
            drop(PppCounters.Drop.OUT_OF_PHASE, PppProtocol.name(protocol) + " packet outside its authentication phase");
        }
    }

    @Override
    void pollAuthentication(long nowNanos) {
        if (peer != null) {
            peer.poll(nowNanos);
        }
    }

    @Override
    long authenticationDeadline() {
        return peer == null ? Long.MAX_VALUE : peer.deadline();
    }

    @Override
    void stopAuthentication() {
        if (peer != null) {
            peer.stop();
        }
    }

    @Override
    int localAddress() {
        return ipcp.localAddress();
    }

    // ---- AuthPeer.Listener

    @Override
    public void authenticated(AuthProtocol method, MppeKeyMaterial keys) {
        note(method.displayName() + " authentication succeeded");
        event(new PppLinkEvent.Authenticated(config.user(), method));
        startNetwork(config.user(), method, keys);
    }

    @Override
    public void authenticationFailed(AuthProtocol method, String reason) {
        note(reason);
        event(new PppLinkEvent.AuthFailed(config.user(), method, reason));
        fail(reason);
    }
}
