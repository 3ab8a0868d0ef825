package io.pptp2wg.admin.core;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Seals users' WireGuard private keys before they go into the database: AES-256-GCM (JDK) under a key
 * kept in a file of its own (mode 0600), with the user's name and public key as associated data, so a
 * database dump alone reveals no private key and a sealed key cannot be moved to another user's row.
 * Stored form: {@code 1:} + base64(nonce || ciphertext || tag).
 */
public final class KeySealer {
    static final String VERSION = "1:";
    /** AES-256. */
    static final int KEY_BYTES = 32;
    /** NIST SP 800-38D §8.2: a 96-bit random nonce. */
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    private KeySealer(byte[] keyBytes, SecureRandom random) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.random = random;
        Arrays.fill(keyBytes, (byte) 0);
    }

    public static KeySealer of(byte[] keyBytes, SecureRandom random) {
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("the sealing key has " + KEY_BYTES + " bytes");
        }
        return new KeySealer(keyBytes.clone(), random);
    }

    /** Reads the key file, or creates it (mode 0600) with a fresh key when it does not exist. */
    public static KeySealer fromFile(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                create(file, random);
            }
            byte[] text = Files.readAllBytes(file);
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + ": not a sealing key (base64 of " + KEY_BYTES + " bytes)");
            } finally {
                Arrays.fill(text, (byte) 0);
            }
            if (raw.length != KEY_BYTES) {
                Arrays.fill(raw, (byte) 0);
                throw new IllegalStateException(file + ": not a sealing key (base64 of " + KEY_BYTES + " bytes)");
            }
            return new KeySealer(raw, random);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the identity sealing key " + file + ": " + e, e);
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        byte[] raw = new byte[KEY_BYTES];
        random.nextBytes(raw);
        byte[] text = Base64.getEncoder().encode(raw);
        Arrays.fill(raw, (byte) 0);
        try {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, text);
        } catch (FileAlreadyExistsException e) {
            // another process created it first: use theirs
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    public String seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The plaintext (the caller zeroes it); throws {@link Unsealable} if the key or the data do not match. */
    public byte[] unseal(String stored, String associatedData) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new Unsealable("not a sealed key");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new Unsealable("not base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unsealable("too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new Unsealable("does not open with this key (another identity key file?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public static final class Unsealable extends RuntimeException {
        Unsealable(String message) {
            super(message);
        }
    }
}
