package io.pptp2wg.config.ppp;

import io.pptp2wg.config.Problems;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authentication options of one options file as pppd 2.4.9 reads them on a server, and the methods
 * clients may use that follow (see {@link PppOptionsParser} for the rules). The parser records; {@link #methods}
 * decides and says what it decided.
 */
final class AuthSelection {
    /** Where an option was given. */
    private record At(String option, String file, int line) {
    }

    private final Set<AuthProtocol> required = EnumSet.noneOf(AuthProtocol.class);
    /** Line of the first require-* option (in the top file, as the messages have always named it), or 0. */
    private int requiredLine;
    /** The first {@code auth}, or null. */
    private At authOption;
    /** Each refuse-* method with where it was first given, in file order. */
    private final Map<AuthProtocol, At> refused = new LinkedHashMap<>();

    void require(AuthProtocol p, int line) {
        required.add(p);
        if (requiredLine == 0) {
            requiredLine = line;
        }
    }

    void auth(String file, int line) {
        if (authOption == null) {
            authOption = new At("auth", file, line);
        }
    }

    /** On a server, pppd's refuse-* only concern authenticating ourselves to the peer (lcp_allowoptions). */
    void refuse(AuthProtocol p, String option, String file, int line) {
        refused.putIfAbsent(p, new At(option, file, line));
    }

    /**
     * The methods clients may use (pppd 2.4.9's auth_check_options and lcp_nakci): those require-* names;
     * with none but {@code auth}, all of them, in the order the gateway offers them (pppd offers EAP first and
     * then follows the client's Nak; the gateway offers MS-CHAPv2 first and follows the Nak the same way).
     */
    List<AuthProtocol> methods(String file, MppePolicy mppe, Problems problems) {
        boolean byAuthAlone = required.isEmpty() && authOption != null;
        List<AuthProtocol> auth = new ArrayList<>();
        for (AuthProtocol p : AuthProtocol.values()) {
            if (required.isEmpty() ? byAuthAlone || p == AuthProtocol.MSCHAP_V2 : required.contains(p)) {
                auth.add(p);
            }
        }
        List<AuthProtocol> noKeys = auth.stream().filter(p -> !p.yieldsMppeKeys()).toList();
        if (mppe.required() && !noKeys.isEmpty()) {
            if (!byAuthAlone) {
                problems.warning(file, requiredLine, "MPPE is required, so " + names(noKeys)
                        + " (which yield no MPPE keys) cannot be used; as with pppd, only MS-CHAP logins get through");
            }
            auth.removeAll(noKeys);
        }
        if (auth.isEmpty()) {
            problems.error(file, requiredLine, "no authentication method is left after the require-* options"
                    + (mppe.required() ? " and the MPPE requirement" : ""));
        }
        warnWeak(file, auth, byAuthAlone, mppe, problems);
        noteRefused(auth, problems);
        return auth;
    }

    private void warnWeak(String file, List<AuthProtocol> auth, boolean byAuthAlone, MppePolicy mppe, Problems problems) {
        List<AuthProtocol> weak = auth.stream().filter(p -> p != AuthProtocol.MSCHAP_V2).toList();
        if (weak.isEmpty()) {
            return;
        }
        String what = byAuthAlone
                ? "'auth' with no require-* option: as with pppd 2.4.9, clients may log in with " + names(auth)
                        + (mppe.required()
                                ? " (MPPE is required: CHAP-MD5 and PAP clients are refused, as pppd ends their links at CCP)"
                                : auth.contains(AuthProtocol.PAP) ? " (PAP only for users in pap-secrets)" : "")
                : "the require-* options allow " + names(auth);
        At at = byAuthAlone ? authOption : new At("require-*", file, requiredLine);
        problems.warning(at.file(), at.line(), what + "; weak methods allowed: " + names(weak)
                + "; every login's method is recorded; add 'require-mschap-v2' to allow MS-CHAPv2 alone");
    }

    private void noteRefused(List<AuthProtocol> auth, Problems problems) {
        for (Map.Entry<AuthProtocol, At> r : refused.entrySet()) {
            At at = r.getValue();
            String method = r.getKey().displayName();
            if (auth.contains(r.getKey())) {
                problems.warning(at.file(), at.line(), "'" + at.option() + "' does not stop clients from logging in with "
                        + method + ": pppd 2.4.9 reads it as 'do not authenticate this server to the peer with "
                        + method + "' (pptpd 1.4.0 lets such clients in under this file, and so does the gateway); "
                        + "the require-* options choose the clients' methods");
            } else {
                problems.ignored(at.file(), at.line(),
                        at.option() + ": concerns authenticating this server to the peer, which the gateway never does");
            }
        }
    }

    private static String names(List<AuthProtocol> methods) {
        return String.join(", ", methods.stream().map(AuthProtocol::displayName).toList());
    }
}
