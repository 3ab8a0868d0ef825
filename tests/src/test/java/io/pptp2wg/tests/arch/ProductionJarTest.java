package io.pptp2wg.tests.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jar the user runs ({@code admin-api/target/pptp2wg.jar}, built before this module in the reactor) carries no
 * test aid: no key log (it would hand out session keys), no {@code sessionKeyHex}, none of testkit's client roles.
 */
class ProductionJarTest {
    private static final Path JAR = Path.of("..", "admin-api", "target", "pptp2wg.jar");
    /** The testkit module's classes (the client roles) and the tests', by the start of their entry names. */
    private static final List<String> TEST_AIDS = List.of("io/pptp2wg/pptp/client/", "io/pptp2wg/ppp/ClientPppLink",
            "io/pptp2wg/ppp/PppClientConfig", "io/pptp2wg/ppp/auth/AuthPeer", "io/pptp2wg/ppp/auth/ChapPeer",
            "io/pptp2wg/ppp/auth/PapPeer", "io/pptp2wg/tests/", "io/pptp2wg/testing/");

    @Test
    void holdsNoTestAid() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " not built (mvn -pl tests -am verify builds it)");
        List<String> found = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String name = e.getName();
                if (!name.startsWith("io/pptp2wg/") || !name.endsWith(".class")) {
                    continue;
                }
                if (TEST_AIDS.stream().anyMatch(name::startsWith) || name.contains("/KeyLog")) {
                    found.add(name);
                    continue;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    // a method's name is in the class file's constant pool as UTF-8
                    if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("sessionKeyHex")) {
                        found.add(name + " (sessionKeyHex)");
                    }
                }
            }
        }
        assertEquals(List.of(), found, "test aids in the production jar");
    }
}
