package io.pptp2wg.ppp;

import io.pptp2wg.session.PppTraits;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The form of the name a peer authenticates with, read from its CHAP Response (RFC 1994 §4.1: Code 2,
 * Identifier, Length, Value-Size, Value, Name; MS-CHAP the same, RFC 2433 §4 / RFC 2759 §4) or PAP
 * Authenticate-Request (RFC 1334 §2.2.1: Code 1, Identifier, Length, Peer-ID Length, Peer-ID, ...).
 * Only the name's shape is kept ("user" or "DOMAIN\\user"), never the Value or the password. A packet
 * whose lengths do not add up gives nothing: the authenticator counts and refuses it on its own.
 */
final class LoginNameForm {
    /** RFC 1994 §4 / RFC 1334 §2.2: Code, Identifier, Length. */
    private static final int HEADER_LENGTH = 4;
    private static final int CHAP_RESPONSE = 2;
    private static final int PAP_AUTHENTICATE_REQUEST = 1;

    private LoginNameForm() {}

    static Optional<PppTraits.NameForm> of(int protocol, ByteBuffer packet) {
        int p = packet.position();
        int n = packet.remaining();
        if (n < HEADER_LENGTH + 1) {
            return Optional.empty();
        }
        int code = packet.get(p) & 0xff;
        int length = packet.getShort(p + 2) & 0xffff;
        if (length < HEADER_LENGTH + 1 || length > n) {
            return Optional.empty();
        }
        int fieldLength = packet.get(p + HEADER_LENGTH) & 0xff;
        int start = p + HEADER_LENGTH + 1;
        int nameStart;
        int nameEnd;
        if (protocol == PppProtocol.CHAP && code == CHAP_RESPONSE) {
            nameStart = start + fieldLength; // after the Value
            nameEnd = p + length;
        } else if (protocol == PppProtocol.PAP && code == PAP_AUTHENTICATE_REQUEST) {
            nameStart = start;
            nameEnd = start + fieldLength; // the Peer-ID
        } else {
            return Optional.empty();
        }
        if (nameStart > p + length || nameEnd > p + length) {
            return Optional.empty();
        }
        byte[] name = new byte[nameEnd - nameStart];
        packet.get(nameStart, name);
        return Optional.of(PppTraits.NameForm.of(new String(name, StandardCharsets.UTF_8)));
    }
}
