package io.pptp2wg.session;

/**
 * Decides, after the password checked out, whether a user may still use PPTP (the admin API's sunset
 * dates and migrated users). The refusal text goes to the client: for MS-CHAPv2 as the failure
 * packet's "M=" message (RFC 2759 §6), which pppd logs and Windows shows.
 */
@FunctionalInterface
public interface LoginPolicy {
    sealed interface Decision {
        record Allow() implements Decision {}

        record Refuse(String messageToClient) implements Decision {}
    }

    Decision.Allow ALLOW = new Decision.Allow();

    Decision check(String user, ClientFingerprint client);

    static LoginPolicy allowAll() {
        return (user, client) -> ALLOW;
    }
}
