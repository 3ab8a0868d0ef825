package io.pptp2wg.admin.core;

import com.wireguard.crypto.Key;
import com.wireguard.crypto.KeyFormatException;
import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.session.WireGuardIdentityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
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
    static final int KEY_BYTES = 32;

    private final UserDao dao;
    private final KeySealer sealer;
    private final SecureRandom random;
    private final Predicate<String> isUser;
    private final Clock clock;
    private final Map<String, KeyPair> byUser = new ConcurrentHashMap<>();
    private final Map<Key, String> byPublicKey = new ConcurrentHashMap<>();
    private volatile Predicate<String> usedNatively = u -> false;

    public StoredIdentities(UserDao dao, KeySealer sealer, SecureRandom random, Predicate<String> isUser, Clock clock) {
        this.dao = dao;
        this.sealer = sealer;
        this.random = random;
        this.isUser = isUser;
        this.clock = clock;
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
        byte[] priv;
        try {
            priv = sealer.unseal(s.sealedPrivateKey(), associatedData(s.user(), s.publicKey()));
        } catch (KeySealer.Unsealable e) {
            throw new IllegalStateException("the WireGuard private key of user '" + s.user() + "' " + e.getMessage()
                    + ": check storage.identityKeyFile (the key file that sealed it must be used)");
        }
        try {
            KeyPair pair = new KeyPair(Key.fromBytes(priv));
            if (!pair.getPublicKey().toBase64().equals(s.publicKey())) {
                throw new IllegalStateException("the stored WireGuard key pair of user '" + s.user() + "' does not match");
            }
            return pair;
        } catch (KeyFormatException e) {
            throw new IllegalStateException("the stored WireGuard private key of user '" + s.user() + "' is malformed");
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
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
        byte[] priv = new byte[KEY_BYTES];
        random.nextBytes(priv);
        clamp(priv);
        try {
            KeyPair pair = new KeyPair(Key.fromBytes(priv));
            String pub = pair.getPublicKey().toBase64();
            dao.insertIfAbsent(user, clock.instant());
            if (!dao.setIdentityIfAbsent(user, pub, sealer.seal(priv, associatedData(user, pub)))) {
                // another gateway sharing the database stored one first: that one counts
                UserDao.SealedIdentity stored = dao.identities().get(user);
                pair = open(stored);
            }
            remember(user, pair);
            return pair;
        } catch (KeyFormatException e) {
            throw new IllegalStateException("32 bytes are always a key", e);
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
    }

    /** RFC 7748 §5 clamping, as wireguard-tools' genkey does. */
    static void clamp(byte[] scalar) {
        scalar[0] &= (byte) 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
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
