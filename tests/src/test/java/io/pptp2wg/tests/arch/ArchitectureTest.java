package io.pptp2wg.tests.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The house rules of README.md and ARCHITECTURE.md, checked on the compiled classes of every module (this module's
 * test class path holds them all): the protocol cores take bytes, events, time and randomness in and give bytes and
 * events out; Netty, sockets, native calls, logging and the clock live at the edges ({@code io.pptp2wg.gateway},
 * {@code wireguard.udp}, {@code bridge.relay.Relay}, {@code admin}). The module arrows point one way, and nothing
 * the user runs leans on a test aid.
 *
 * <p>No violation is tolerated: the ones that predated the rules (issue 12: the key log and the client roles in
 * the production modules) are gone, and with them ArchUnit's store of frozen violations. Never loosen a rule to
 * pass: fix the code.
 */
@AnalyzeClasses(packages = "io.pptp2wg", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * The protocol cores: each RFC's state machines, codecs and crypto, the WireGuard device and its parts, the IP
     * rewriting and the relay's decisions. Read from their sources: none of them needs the network, the OS or a
     * clock of its own (times are {@code System.nanoTime()}-like longs or an {@code InstantSource} passed in).
     */
    static final String[] CORE_PACKAGES = {
        "io.pptp2wg.pptp.control..", "io.pptp2wg.pptp.gre..", "io.pptp2wg.pptp.client..",
        "io.pptp2wg.ppp", "io.pptp2wg.ppp.fsm..", "io.pptp2wg.ppp.lcp..", "io.pptp2wg.ppp.ipcp..",
        "io.pptp2wg.ppp.ccp..", "io.pptp2wg.ppp.auth..", "io.pptp2wg.mppe..", "io.pptp2wg.dhcp..",
        "io.pptp2wg.ip..", "io.pptp2wg.session..", "io.pptp2wg.stats..",
        "io.pptp2wg.wireguard", "io.pptp2wg.wireguard.noise..", "io.pptp2wg.wireguard.messages..",
        "io.pptp2wg.wireguard.replay..", "io.pptp2wg.wireguard.keys..", "io.pptp2wg.wireguard.cookie..",
        "io.pptp2wg.wireguard.crypto..", "io.pptp2wg.wireguard.tunnel..", "io.pptp2wg.wireguard.device..",
        "io.pptp2wg.bridge.ip..", "io.pptp2wg.bridge.relay..", "io.pptp2wg.radius..",
    };

    /**
     * The one named exception: {@code Relay} (with its identity table {@code RelayIdentities}) is the relay's edge (Netty's event loops, the clock, the log) beside the
     * pure {@code RelayCore}, in the core's package (issue 12 names it; it may move to an edge package). Only this
     * class and its nested classes: the rest of {@code bridge.relay} is held to every rule.
     */
    // RelayIdentities is Relay's identity table, moved out of it (the same edge in two files, not a new one)
    static final Set<String> EDGES_IN_CORE_PACKAGES = Set.of("io.pptp2wg.bridge.relay.Relay",
            "io.pptp2wg.bridge.relay.RelayIdentities");

    /** The edges: Netty's pipelines and the OS calls, the UDP socket, the HTTP API and the database. */
    static final String[] EDGE_PACKAGES = {"io.pptp2wg.gateway..", "io.pptp2wg.wireguard.udp..", "io.pptp2wg.admin..",
        "io.pptp2wg.os.."};

    static final DescribedPredicate<JavaClass> CORE = describe("protocol core classes",
            c -> resideInAnyPackage(CORE_PACKAGES).test(c) && !EDGES_IN_CORE_PACKAGES.contains(outermost(c).getName()));

    /**
     * The test aids: the tests, the fixtures ({@code ..testing..}) and the testkit module, which holds the client
     * roles that only the tests and the load generator use (in the gateway's own packages, so told apart by the
     * class file's origin). admin-api does not depend on testkit, so pptp2wg.jar holds none of them
     * ({@link ProductionJarTest}); nothing else the user runs may lean on them.
     */
    static final DescribedPredicate<JavaClass> TEST_AID = describe("test aids",
            c -> resideInAnyPackage("io.pptp2wg.tests..", "..testing..").test(c) || fromTestkit(outermost(c)));

    private static boolean fromTestkit(JavaClass c) {
        return c.getSource().map(s -> {
            String uri = s.getUri().toString();
            return uri.contains("/testkit/target/") || uri.contains("/pptp2wg-testkit-");
        }).orElse(false);
    }

    static final DescribedPredicate<JavaClass> PRODUCTION = describe("production classes",
            c -> resideInAnyPackage("io.pptp2wg..").test(c) && !TEST_AID.test(c));

    private static JavaClass outermost(JavaClass c) {
        JavaClass o = c;
        while (o.getEnclosingClass().isPresent()) {
            o = o.getEnclosingClass().get();
        }
        return o;
    }

    @ArchTest
    static final ArchRule coresUseNoNettyDropwizardOrDatabase = noClasses().that(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.dropwizard..", "org.jdbi..",
                    "jakarta.ws.rs..", "jakarta.servlet..", "org.eclipse.jetty..", "com.codahale.metrics..",
                    "liquibase..")
            .because("protocol cores have no I/O: Netty, Dropwizard and the database live at the edges");

    @ArchTest
    static final ArchRule coresOpenNoSockets = noClasses().that(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..", "java.net.http..",
                    "jdk.net..", "sun.nio..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramPacket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.MulticastSocket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URL")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
            .because("protocol cores have no I/O: bytes in, bytes out; addresses are values, sockets are edges");

    @ArchTest
    static final ArchRule coresMakeNoNativeCalls = noClasses().that(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("java.lang.foreign..")
            .because("native libraries are loaded at the edges, which hand the core what it needs");

    @ArchTest
    static final ArchRule coresDoNotLog = noClasses().that(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "java.util.logging..",
                    "org.apache.logging..", "ch.qos.logback..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$Logger")
            .orShould().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("a logger in a core could take a key or a password; the core reports events, the edge logs");

    @ArchTest
    static final ArchRule coresDoNotReadTheClock = noClasses().that(CORE)
            .should().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethodWhere(clockRead())
            .orShould().callMethod(Thread.class, "sleep", long.class)
            .because("time comes into a core as an argument (a nanoTime-like long or an InstantSource), so tests"
                    + " run it on a fake clock");

    @ArchTest
    static final ArchRule coresDoNotReachIntoEdges = noClasses().that(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(EDGE_PACKAGES)
            .orShould().dependOnClassesThat(describe("Relay", c -> EDGES_IN_CORE_PACKAGES.contains(c.getName())))
            .because("the edges use the cores, never the other way round");

    /** config, os ← gateway ← bridge ← admin-api (← tests): the Maven modules, by the packages each one holds. */
    @ArchTest
    static final ArchRule moduleArrowsPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("config").definedBy("io.pptp2wg.config..")
            .layer("os").definedBy("io.pptp2wg.os..")
            .layer("gateway").definedBy("io.pptp2wg.gateway..", "io.pptp2wg.pptp..", "io.pptp2wg.ppp..",
                    "io.pptp2wg.mppe..", "io.pptp2wg.dhcp..", "io.pptp2wg.ip..", "io.pptp2wg.session..",
                    "io.pptp2wg.stats..", "io.pptp2wg.radius..")
            .layer("bridge").definedBy("io.pptp2wg.bridge..", "io.pptp2wg.wireguard..")
            .layer("admin-api").definedBy("io.pptp2wg.admin..")
            .layer("tests").definedBy("io.pptp2wg.tests..")
            .whereLayer("tests").mayNotBeAccessedByAnyLayer()
            .whereLayer("admin-api").mayOnlyBeAccessedByLayers("tests")
            .whereLayer("bridge").mayOnlyBeAccessedByLayers("admin-api", "tests")
            .whereLayer("gateway").mayOnlyBeAccessedByLayers("bridge", "admin-api", "tests")
            .whereLayer("config").mayOnlyBeAccessedByLayers("gateway", "bridge", "admin-api", "tests")
            .whereLayer("os").mayOnlyBeAccessedByLayers("gateway", "bridge", "tests")
            .ensureAllClassesAreContainedInArchitectureIgnoring("android..")
            .because("a new package names its module here, and no module reaches up the chain");

    @ArchTest
    static final ArchRule productionUsesNoTestAid = noClasses().that(PRODUCTION)
            .should().dependOnClassesThat(TEST_AID)
            .orShould().callMethodWhere(describe("a session key's hex (a test aid)",
                    (JavaAccess<?> a) -> a.getName().equals("sessionKeyHex")
                            && !a.getOrigin().getOwner().equals(a.getTargetOwner())))
            .because("the jar the user runs hands out no keys and carries no client role");

    /** The JDK's calls that read the wall clock or the system's time zone clock. */
    private static final Set<String> NOW_OWNERS = Set.of("java.time.Instant", "java.time.LocalDate",
            "java.time.LocalDateTime", "java.time.LocalTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime",
            "java.time.OffsetTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

    private static DescribedPredicate<JavaAccess<?>> clockRead() {
        return describe("Instant.now(), LocalDate.now() or another java.time now(), Clock.system*() or"
                        + " InstantSource.system()",
                a -> a.getName().equals("now") && NOW_OWNERS.contains(a.getTargetOwner().getName())
                        || a.getName().startsWith("system") && (a.getTargetOwner().getName().equals("java.time.Clock")
                                || a.getTargetOwner().getName().equals("java.time.InstantSource")));
    }
}
