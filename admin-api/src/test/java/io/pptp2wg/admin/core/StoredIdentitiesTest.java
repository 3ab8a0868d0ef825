package io.pptp2wg.admin.core;

import com.wireguard.crypto.KeyPair;
import io.pptp2wg.admin.db.UserDao;
import io.pptp2wg.admin.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredIdentitiesTest {
    @TempDir
    Path dir;
    final Jdbi jdbi = TestDatabase.h2();
    final UserDao dao = new UserDao(jdbi);
    final SecureRandom random = new SecureRandom();
    final Set<String> users = Set.of("alice", "bob");

    StoredIdentities store(Path keyFile) {
        StoredIdentities s = new StoredIdentities(dao, KeySealer.fromFile(keyFile, random), random, users::contains,
                Clock.systemUTC());
        s.load();
        return s;
    }

    @Test
    void aUsersKeyPairIsCreatedOnceAndKeptSealed() {
        StoredIdentities first = store(dir.resolve("k"));
        first.ensureAll(List.of("alice", "bob"));
        KeyPair alice = first.identityFor("alice").orElseThrow();
        assertThat(first.identityFor("alice").orElseThrow()).isSameAs(alice);
        assertThat(first.userOf(alice.getPublicKey())).contains("alice");
        assertThat(first.identityFor("mallory")).isEmpty();

        String stored = jdbi.withHandle(h -> h.createQuery("SELECT wg_private_key_sealed FROM users WHERE name = 'alice'")
                .mapTo(String.class).one());
        assertThat(stored).startsWith("1:").doesNotContain(alice.getPrivateKey().toBase64());

        StoredIdentities restarted = store(dir.resolve("k"));
        KeyPair again = restarted.identityFor("alice").orElseThrow();
        assertThat(again.getPrivateKey()).isEqualTo(alice.getPrivateKey());
        assertThat(again.getPublicKey()).isEqualTo(alice.getPublicKey());
        assertThat(restarted.identityFor("bob").orElseThrow().getPublicKey()).isNotEqualTo(alice.getPublicKey());
    }

    @Test
    void keysAreClampedX25519Scalars() {
        StoredIdentities s = store(dir.resolve("k"));
        byte[] priv = s.identityFor("alice").orElseThrow().getPrivateKey().getBytes();
        assertThat(priv[0] & 7).isZero();
        assertThat(priv[31] & 0x80).isZero();
        assertThat(priv[31] & 0x40).isEqualTo(0x40);
    }

    @Test
    void anotherKeyFileRefusesToStartInsteadOfMakingNewKeys() {
        store(dir.resolve("k")).ensureAll(List.of("alice"));
        assertThatThrownBy(() -> store(dir.resolve("other")))
                .hasMessageContaining("alice").hasMessageContaining("storage.identityKeyFile");
    }
}
