package io.pptp2wg.mppe;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The RC4 that MPPE's key schedules use: the JDK's ({@link #JDK}) unless the edge installs a faster one once at
 * start-up (the gateway and the load generator install OpenSSL's, {@code io.pptp2wg.gateway.mppe.OpenSslRc4}, where
 * it loads). The core itself loads no native library and logs nothing: it is handed the factory. Process-wide
 * because every link of a process wants the same cipher, and so {@code PppLinkBase} needs no new parameter.
 */
public record Rc4Choice(String name, IntFunction<Rc4> factory) {
    /** The JDK's RC4 (SunJCE ARCFOUR with one reusable key object). */
    public static final Rc4Choice JDK = new Rc4Choice("JDK (SunJCE ARCFOUR)", JdkRc4::new);

    private static volatile Rc4Choice installed = JDK;

    public Rc4Choice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
    }

    /** Makes every later {@link Rc4#create} use {@code choice}. */
    public static void install(Rc4Choice choice) {
        installed = Objects.requireNonNull(choice, "choice");
    }

    public static Rc4Choice installed() {
        return installed;
    }

    public Rc4 create(int keyLength) {
        return factory.apply(keyLength);
    }
}
