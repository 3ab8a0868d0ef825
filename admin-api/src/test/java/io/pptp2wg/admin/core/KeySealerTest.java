package io.pptp2wg.admin.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeySealerTest {
    final SecureRandom random = new SecureRandom();
    final byte[] secret = new byte[32];

    KeySealerTest() {
        random.nextBytes(secret);
    }

    @Test
    void sealsAndOpensWithTheSameKeyAndAssociatedData(@TempDir Path dir) {
        KeySealer a = KeySealer.fromFile(dir.resolve("identity.key"), random);
        String sealed = a.seal(secret, "alice");
        assertThat(sealed).startsWith("1:").doesNotContain(Base64.getEncoder().encodeToString(secret));
        assertThat(Base64.getDecoder().decode(sealed.substring(2))).hasSize(12 + 32 + 16);
        assertThat(a.unseal(sealed, "alice")).isEqualTo(secret);
        // the same key file read again
        assertThat(KeySealer.fromFile(dir.resolve("identity.key"), random).unseal(sealed, "alice")).isEqualTo(secret);
        // a fresh nonce each time
        assertThat(a.seal(secret, "alice")).isNotEqualTo(sealed);
    }

    @Test
    void refusesAnotherUsersRowAnotherKeyAndTampering(@TempDir Path dir) {
        KeySealer a = KeySealer.fromFile(dir.resolve("a.key"), random);
        KeySealer b = KeySealer.fromFile(dir.resolve("b.key"), random);
        String sealed = a.seal(secret, "alice");
        assertThatThrownBy(() -> a.unseal(sealed, "bob")).isInstanceOf(KeySealer.Unsealable.class);
        assertThatThrownBy(() -> b.unseal(sealed, "alice")).isInstanceOf(KeySealer.Unsealable.class)
                .hasMessageContaining("another identity key file");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(2));
        raw[20] ^= 1;
        String tampered = "1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> a.unseal(tampered, "alice")).isInstanceOf(KeySealer.Unsealable.class);
        assertThatThrownBy(() -> a.unseal("2:xx", "alice")).isInstanceOf(KeySealer.Unsealable.class);
        assertThatThrownBy(() -> a.unseal("1:!!", "alice")).isInstanceOf(KeySealer.Unsealable.class);
        assertThatThrownBy(() -> a.unseal("1:AAAA", "alice")).isInstanceOf(KeySealer.Unsealable.class);
    }

    @Test
    void theKeyFileIsCreatedReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/identity.key");
        KeySealer.fromFile(file, random);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
    }

    @Test
    void aBrokenKeyFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("identity.key"), "not base64 !!");
        assertThatThrownBy(() -> KeySealer.fromFile(file, random)).hasMessageContaining("not a sealing key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> KeySealer.fromFile(file, random)).hasMessageContaining("not a sealing key");
    }
}
