package io.pptp2wg.tests.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that drives real peers (VMs, namespaces, the gateway's jar). Before its tests:
 * not root → skipped (an assumption); root with something missing → failed, naming what to install
 * (tools/setup.sh). {@code -Dpptp2wg.realPeers=skip} skips them on purpose. Name the class *IT so
 * that failsafe runs it in {@code mvn verify}, after the gateway's jar is built.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("real-peers")
@ExtendWith(RealPeerCheck.class)
public @interface RealPeerTest {
    /** Also require admin-api/target/pptp2wg.jar (for {@link GatewayProcess}). */
    boolean gateway() default false;
}
