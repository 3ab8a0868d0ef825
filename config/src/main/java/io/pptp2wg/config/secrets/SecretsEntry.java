package io.pptp2wg.config.secrets;

import java.util.Optional;

/**
 * One line of chap-secrets or pap-secrets: {@code client server secret [address ...]}.
 *
 * @param client        the user name, or {@code *} for any
 * @param server        the server column: {@code *} or the options file's {@code name}
 * @param secret        the password or NT hash
 * @param fixedAddress  the user's fixed tunnel address when the address column names exactly one
 * @param anyAddress    whether the address column allows a pool address ({@code *}, empty, or a subnet)
 * @param file          the file it came from
 * @param line          its line
 */
public record SecretsEntry(
        String client,
        String server,
        Secret secret,
        Optional<Integer> fixedAddress,
        boolean anyAddress,
        String file,
        int line) {

    public static final String WILDCARD = "*";

    public boolean isWildcardClient() {
        return WILDCARD.equals(client);
    }

    /** pppd's rule: an entry applies when its server column is {@code *} or our name. */
    public boolean appliesToServer(String ourName) {
        return WILDCARD.equals(server) || server.equals(ourName);
    }

    @Override
    public String toString() {
        return "SecretsEntry[" + client + " " + server + " " + secret + " @" + file + ":" + line + "]";
    }
}
