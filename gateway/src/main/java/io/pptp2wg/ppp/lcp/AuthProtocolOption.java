package io.pptp2wg.ppp.lcp;

import io.pptp2wg.config.ppp.AuthProtocol;
import io.pptp2wg.ppp.PppProtocol;
import io.pptp2wg.ppp.fsm.ConfigVerdict;
import io.pptp2wg.ppp.fsm.OptionHandler;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 1661 §6.2 Authentication-Protocol, in either role.
 * <p>
 * As the authenticator (the server, {@link #authenticator}): we ask the client to authenticate with
 * the first allowed method; when it Naks, we move to the method it suggests if allowed and not yet
 * tried, else to the next allowed one; when none is left, or it Rejects the option, negotiation has
 * failed (we never open LCP without authentication). This ends where pppd 2.4.9's lcp_nakci ends for the
 * methods both have (pppd offers EAP first, which the gateway does not implement). We do not authenticate
 * ourselves: the peer's request is Rejected.
 * <p>
 * As the authenticatee (the client, {@link #authenticatee}), as pppd's client does: we ask nothing of
 * the peer; we Ack its request when we accept that method and Nak it with the first method we accept
 * otherwise (Rejected when we accept none).
 */
public final class AuthProtocolOption implements OptionHandler {
    /** RFC 1994 §3: CHAP's Algorithm octet for MD5. */
    public static final int CHAP_MD5 = 0x05;
    /** RFC 2433 §2: MS-CHAP (v1). */
    public static final int CHAP_MICROSOFT = 0x80;
    /** RFC 2759 §2: MS-CHAP-V2. */
    public static final int CHAP_MICROSOFT_V2 = 0x81;

    private final List<AuthProtocol> allowed;
    private final List<AuthProtocol> acceptable;
    private final Set<AuthProtocol> tried = EnumSet.noneOf(AuthProtocol.class);
    private AuthProtocol current;
    private AuthProtocol peerRequires;
    private String failure;

    /** The authenticator: the peer must authenticate with one of {@code allowed} (in that order). */
    public AuthProtocolOption(List<AuthProtocol> allowed) {
        this(allowed, List.of());
    }

    private AuthProtocolOption(List<AuthProtocol> allowed, List<AuthProtocol> acceptable) {
        this.allowed = List.copyOf(allowed);
        this.acceptable = List.copyOf(acceptable);
        resetOurs();
    }

    /** The server's role: the peer must authenticate with one of {@code allowed}, in that order of preference. */
    public static AuthProtocolOption authenticator(List<AuthProtocol> allowed) {
        return new AuthProtocolOption(allowed);
    }

    /** The client's role: we authenticate ourselves with one of {@code acceptable}, in that order of preference. */
    public static AuthProtocolOption authenticatee(List<AuthProtocol> acceptable) {
        return new AuthProtocolOption(List.of(), acceptable);
    }

    @Override
    public int type() {
        return LcpOptionType.AUTHENTICATION_PROTOCOL;
    }

    /** The protocol number and data octets for a method. */
    static void write(AuthProtocol p, ByteBuffer out) {
        switch (p) {
            case PAP -> out.putShort((short) PppProtocol.PAP);
            case CHAP_MD5 -> out.putShort((short) PppProtocol.CHAP).put((byte) CHAP_MD5);
            case MSCHAP_V1 -> out.putShort((short) PppProtocol.CHAP).put((byte) CHAP_MICROSOFT);
            case MSCHAP_V2 -> out.putShort((short) PppProtocol.CHAP).put((byte) CHAP_MICROSOFT_V2);
        }
    }

    /** The method a value names, if it is one we know. */
    public static Optional<AuthProtocol> parse(ByteBuffer value) {
        if (value.remaining() < 2) {
            return Optional.empty();
        }
        int protocol = value.getShort(0) & 0xffff;
        if (protocol == PppProtocol.PAP && value.remaining() == 2) {
            return Optional.of(AuthProtocol.PAP);
        }
        if (protocol == PppProtocol.CHAP && value.remaining() == 3) {
            return switch (value.get(2) & 0xff) {
                case CHAP_MD5 -> Optional.of(AuthProtocol.CHAP_MD5);
                case CHAP_MICROSOFT -> Optional.of(AuthProtocol.MSCHAP_V1);
                case CHAP_MICROSOFT_V2 -> Optional.of(AuthProtocol.MSCHAP_V2);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    @Override
    public String describe(ByteBuffer value) {
        Optional<AuthProtocol> p = parse(value.duplicate());
        if (p.isPresent()) {
            return switch (p.get()) {
                case PAP -> "auth pap";
                case CHAP_MD5 -> "auth chap MD5";
                case MSCHAP_V1 -> "auth chap MS";
                case MSCHAP_V2 -> "auth chap MS-v2";
            };
        }
        if (value.remaining() >= 2 && (value.getShort(0) & 0xffff) == PppProtocol.EAP) {
            return "auth eap";
        }
        return value.remaining() >= 2 ? String.format("auth 0x%x", value.getShort(0) & 0xffff) : "auth ?";
    }

    @Override
    public void resetOurs() {
        tried.clear();
        failure = null;
        current = allowed.isEmpty() ? null : allowed.getFirst();
    }

    @Override
    public boolean requesting() {
        return current != null;
    }

    @Override
    public void writeOurs(ByteBuffer out) {
        write(current, out);
    }

    @Override
    public boolean nakked(ByteBuffer value) {
        if (value.remaining() < 2) {
            return false;
        }
        tried.add(current);
        Optional<AuthProtocol> suggested = parse(value.duplicate());
        AuthProtocol next = suggested.filter(allowed::contains).filter(p -> !tried.contains(p)).orElse(null);
        if (next == null) {
            next = allowed.stream().filter(p -> !tried.contains(p)).findFirst().orElse(null);
        }
        if (next == null) {
            failure = "peer refused to authenticate with " + allowedNames() + " (it asked for "
                    + describe(value.duplicate()).substring("auth ".length()) + ")";
        } else {
            current = next;
        }
        return true;
    }

    @Override
    public void rejected() {
        failure = "peer refused to authenticate";
    }

    private String allowedNames() {
        return String.join(", ", allowed.stream().map(AuthProtocol::displayName).toList());
    }

    @Override
    public void resetPeer() {
        peerRequires = null;
    }

    @Override
    public ConfigVerdict judge(ByteBuffer value, ByteBuffer nak) {
        if (acceptable.isEmpty()) {
            return ConfigVerdict.REJECT;
        }
        if (value.remaining() < 2) {
            return ConfigVerdict.MALFORMED;
        }
        Optional<AuthProtocol> asked = parse(value.duplicate());
        if (asked.isPresent() && acceptable.contains(asked.get())) {
            return ConfigVerdict.ACK;
        }
        write(acceptable.getFirst(), nak);
        return ConfigVerdict.NAK;
    }

    @Override
    public void agreed(ByteBuffer value) {
        peerRequires = parse(value.duplicate()).orElse(null);
    }

    /** The method the peer asked us to authenticate with and we agreed to (authenticatee role), or null. */
    public AuthProtocol weAuthenticateWith() {
        return peerRequires;
    }

    /** The method the peer agreed to (valid once LCP is Opened), or null when none is required. */
    public AuthProtocol current() {
        return current;
    }

    /** Why negotiation cannot succeed, or null. */
    public String failure() {
        return failure;
    }
}
