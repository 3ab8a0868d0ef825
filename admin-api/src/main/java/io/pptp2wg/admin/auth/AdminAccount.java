package io.pptp2wg.admin.auth;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An administrator of the console as config.yml holds it: a name and the bcrypt hash of the password
 * ({@code $2y$12$...}, e.g. from {@code htpasswd -nbBC 12 NAME PASSWORD}), never the password. Checked
 * with Bouncy Castle's OpenBSD bcrypt, which compares in constant time.
 */
public final class AdminAccount {
    public static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    /** A hash of nothing anyone knows: an unknown name costs the same bcrypt as a known one. */
    private static final String DUMMY = dummy();

    private final String name;
    private final String bcrypt;

    public AdminAccount(String name, String bcrypt) {
        if (!BCRYPT.matcher(bcrypt).matches()) {
            throw new IllegalArgumentException("not a bcrypt hash ($2y$NN$ and 53 characters)");
        }
        this.name = name;
        this.bcrypt = bcrypt;
    }

    public String name() {
        return name;
    }

    /** Whether the password is this account's; the array is zeroed. */
    boolean accepts(char[] password) {
        try {
            return OpenBSDBCrypt.checkPassword(bcrypt, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static void burn(char[] password) {
        try {
            OpenBSDBCrypt.checkPassword(DUMMY, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static String dummy() {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        char[] secret = new char[24];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (char) ('a' + random.nextInt(26));
        }
        return OpenBSDBCrypt.generate("2y", secret, salt, 12);
    }

    @Override
    public String toString() {
        return "AdminAccount[" + name + "]";
    }
}
