package io.pptp2wg.admin.core;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.session.WireGuardIdentityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Each user's WireGuard key pair, created once (from the injected random source) and kept in the
 * database with the private key sealed ({@link KeySealer}). Held in memory after start-up, so
 * {@link #identityFor} answers without I/O. A private key leaves this class only to the bridge (for
 * its handshakes) and into the user's explicit configuration download.
 */
public final class StoredIdentities implements WireGuardIdentityStore {
    private static final Logger LOG = LoggerFactory.getLogger(StoredIdentities.class);
    /** RFC 7748 §5: X25519 scalars are 32 bytes. */

    private final UserDao dao;
    private final KeySealer sealer;
    private final SecureRandom random;
    private final Predicate<String> isUser;
    private final Clock clock;
    private final Map<String, KeyPair> byUser = new ConcurrentHashMap<>();
    private final Map<Key, String> byPublicKey = new ConcurrentHashMap<>();
    private volatile Predicate<String> usedNatively = u -> false;
    /** user → the public key (base64) whose handshake the backend answered; null: every identity counts as answered. */
    private volatile Map<String, String> answered;
    private io.pptp2wg.admin.db.BackendAnswerDao answers;

    public StoredIdentities(UserDao dao, KeySealer sealer, SecureRandom random, Predicate<String> isUser, Clock clock) {
        this.dao = dao;
        this.sealer = sealer;
        this.random = random;
        this.isUser = isUser;
        this.clock = clock;
    }

    /**
     * Keeps which identities the backend has answered in {@code dao} ({@link #answeredByBackend}); without it every
     * identity counts as known to the backend.
     */
    public void answersIn(io.pptp2wg.admin.db.BackendAnswerDao dao) {
        this.answers = dao;
        this.answered = new ConcurrentHashMap<>(dao.all());
    }

    @Override
    public boolean answeredByBackend(String user) {
        Map<String, String> a = answered;
        if (a == null) {
            return true;
        }
        KeyPair pair = byUser.get(user);
        return pair != null && pair.getPublicKey().toBase64().equals(a.get(user));
    }

    /** Recorded off the caller's thread (a packet path): once per identity. */
    @Override
    public void backendAnswered(String user) {
        Map<String, String> a = answered;
        KeyPair pair = byUser.get(user);
        if (a == null || pair == null) {
            return;
        }
        String pub = pair.getPublicKey().toBase64();
        if (pub.equals(a.put(user, pub))) {
            return;
        }
        LOG.info("WireGuard identity of '{}' answered by the backend: its sessions move onto it", user);
        java.time.Instant at = clock.instant();
        java.util.concurrent.CompletableFuture.runAsync(() -> answers.record(user, pub, at)).exceptionally(e -> {
            LOG.error("backend answer of '{}' not stored (asked again at its next login): {}", user, e.toString());
            a.remove(user, pub);
            return null;
        });
    }

    /** Loads every stored identity; refuses to start when one does not open (a different key file). */
    public void load() {
        int n = 0;
        for (UserDao.SealedIdentity s : dao.identities().values()) {
            remember(s.user(), open(s));
            n++;
        }
        LOG.info("WireGuard identities: {} loaded", n);
    }

    private KeyPair open(UserDao.SealedIdentity s) {
        return SealedKeyPairs.open(sealer, s.sealedPrivateKey(), associatedData(s.user(), s.publicKey()), s.publicKey(),
                "user '" + s.user() + "'");
    }

    /** Creates the identities that users lack (at start-up and when chap-secrets changes). */
    public void ensureAll(Collection<String> users) {
        int created = 0;
        for (String user : users) {
            if (!byUser.containsKey(user)) {
                create(user);
                created++;
            }
        }
        if (created > 0) {
            LOG.info("WireGuard identities: {} created", created);
        }
    }

    private synchronized KeyPair create(String user) {
        KeyPair existing = byUser.get(user);
        if (existing != null) {
            return existing;
        }
        SealedKeyPairs.Fresh fresh = SealedKeyPairs.create(random, sealer, pub -> associatedData(user, pub));
        dao.insertIfAbsent(user, clock.instant());
        if (!dao.setIdentityIfAbsent(user, fresh.publicKey(), fresh.sealed())) {
            // another gateway sharing the database stored one first: that one counts
            KeyPair stored = open(dao.identities().get(user));
            remember(user, stored);
            return stored;
        }
        remember(user, fresh.pair());
        return fresh.pair();
    }

    private void remember(String user, KeyPair pair) {
        byUser.put(user, pair);
        byPublicKey.put(pair.getPublicKey(), user);
    }

    static String associatedData(String user, String publicKey) {
        return "pptp2wg identity\0" + user + "\0" + publicKey;
    }

    @Override
    public Optional<KeyPair> identityFor(String user) {
        KeyPair pair = byUser.get(user);
        if (pair != null) {
            return Optional.of(pair);
        }
        return isUser.test(user) ? Optional.of(create(user)) : Optional.empty();
    }

    @Override
    public Optional<String> userOf(Key publicKey) {
        return Optional.ofNullable(byPublicKey.get(publicKey));
    }

    /** Which users' identities a device of theirs now uses natively (per-device cut-over, {@link DeviceBook}). */
    public void usedNativelyWhen(Predicate<String> test) {
        this.usedNatively = test;
    }

    @Override
    public boolean usedNatively(String user) {
        return usedNatively.test(user);
    }

    /** The user's public key, base64, if an identity exists (no creation). */
    public Optional<String> publicKeyOf(String user) {
        return Optional.ofNullable(byUser.get(user)).map(p -> p.getPublicKey().toBase64());
    }
}
