package io.pptp2wg.radius;

import java.util.Optional;

/**
 * One login to check: the User-Name to send, the client's proof, and what identifies the call.
 *
 * @param userName         User-Name (RFC 2865 §5.1) as it goes out (default_realm already applied)
 * @param credentials      the client's proof
 * @param nasPort          NAS-Port (RFC 2865 §5.5): the gateway's number for the call
 * @param callingStationId Calling-Station-Id (RFC 2865 §5.31): the client's public address, as pptpd passes it to pppd
 */
public record AccessRequestSpec(String userName, RadiusCredentials credentials, int nasPort, Optional<String> callingStationId) {
}
