package io.pptp2wg.config.secrets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The users who may log in, from chap-secrets (CHAP and MS-CHAP) and pap-secrets (PAP), keeping
 * only entries whose server column applies to us, as pppd does. Lookups prefer an entry naming the
 * user over a {@code *} entry.
 */
public final class UserDirectory {
    private final Map<String, SecretsEntry> chap;
    private final Map<String, SecretsEntry> pap;
    private final List<SecretsEntry> chapWildcards;
    private final List<SecretsEntry> papWildcards;

    private UserDirectory(Map<String, SecretsEntry> chap, Map<String, SecretsEntry> pap,
                          List<SecretsEntry> chapWildcards, List<SecretsEntry> papWildcards) {
        this.chap = chap;
        this.pap = pap;
        this.chapWildcards = chapWildcards;
        this.papWildcards = papWildcards;
    }

    public static UserDirectory empty() {
        return new UserDirectory(Map.of(), Map.of(), List.of(), List.of());
    }

    /** Builds the directory; {@code duplicate} is told of each later entry for an already-known user. */
    public static UserDirectory of(List<SecretsEntry> chapEntries, List<SecretsEntry> papEntries, String ourName,
                                   java.util.function.Consumer<SecretsEntry> duplicate) {
        Map<String, SecretsEntry> chap = new LinkedHashMap<>();
        Map<String, SecretsEntry> pap = new LinkedHashMap<>();
        List<SecretsEntry> chapWild = new ArrayList<>();
        List<SecretsEntry> papWild = new ArrayList<>();
        fill(chapEntries, ourName, chap, chapWild, duplicate);
        fill(papEntries, ourName, pap, papWild, duplicate);
        return new UserDirectory(Collections.unmodifiableMap(chap), Collections.unmodifiableMap(pap),
                List.copyOf(chapWild), List.copyOf(papWild));
    }

    private static void fill(List<SecretsEntry> entries, String ourName, Map<String, SecretsEntry> byName,
                             List<SecretsEntry> wild, java.util.function.Consumer<SecretsEntry> duplicate) {
        for (SecretsEntry e : entries) {
            if (!e.appliesToServer(ourName)) {
                continue;
            }
            if (e.isWildcardClient()) {
                wild.add(e);
                continue;
            }
            SecretsEntry prev = byName.get(e.client());
            // pppd prefers the entry whose server column names us over a '*' one
            if (prev == null || SecretsEntry.WILDCARD.equals(prev.server()) && !SecretsEntry.WILDCARD.equals(e.server())) {
                byName.put(e.client(), e);
            } else {
                duplicate.accept(e);
            }
        }
    }

    /** The entry for a CHAP or MS-CHAP login. */
    public Optional<SecretsEntry> chap(String user) {
        SecretsEntry e = chap.get(user);
        return e != null ? Optional.of(e) : chapWildcards.stream().findFirst();
    }

    /** The entry for a PAP login. */
    public Optional<SecretsEntry> pap(String user) {
        SecretsEntry e = pap.get(user);
        return e != null ? Optional.of(e) : papWildcards.stream().findFirst();
    }

    /** Every user named in either file, sorted. */
    /** Whether chap-secrets or pap-secrets names the user (no copy of the names: asked per address at start). */
    public boolean hasUser(String user) {
        return chap.containsKey(user) || pap.containsKey(user);
    }

    public Set<String> userNames() {
        Set<String> names = new TreeSet<>(chap.keySet());
        names.addAll(pap.keySet());
        return Collections.unmodifiableSet(names);
    }

    /** The user's fixed tunnel address, from whichever file gives one (chap-secrets first). */
    public Optional<Integer> fixedAddress(String user) {
        return Optional.ofNullable(chap.get(user)).flatMap(SecretsEntry::fixedAddress)
                .or(() -> Optional.ofNullable(pap.get(user)).flatMap(SecretsEntry::fixedAddress));
    }

    /** Whether pap-secrets has an entry for this server: pppd offers PAP only then (auth.c, auth_reset). */
    public boolean hasPapEntries() {
        return !pap.isEmpty() || !papWildcards.isEmpty();
    }

    public boolean hasWildcards() {
        return !chapWildcards.isEmpty() || !papWildcards.isEmpty();
    }

    public Map<String, SecretsEntry> chapEntries() {
        return chap;
    }

    public Map<String, SecretsEntry> papEntries() {
        return pap;
    }

    /** Zeroes every secret (on reload, once no login uses this directory any more). */
    public void destroy() {
        chap.values().forEach(e -> e.secret().destroy());
        pap.values().forEach(e -> e.secret().destroy());
        chapWildcards.forEach(e -> e.secret().destroy());
        papWildcards.forEach(e -> e.secret().destroy());
    }

    @Override
    public String toString() {
        return "UserDirectory[" + userNames().size() + " users]";
    }
}
