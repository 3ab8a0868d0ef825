package io.pptp2wg.tests.harness;

import io.pptp2wg.tests.lab.Netns;
import io.pptp2wg.tests.lab.RealPeerTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The namespace plumbing the other lab objects stand on. */
@RealPeerTest
class NetnsIT {
    @Test
    void aNamespaceHasItsBridgeNoDefaultRouteAndRefusesOtherAddresses() {
        String name;
        try (Netns ns = Netns.create()) {
            name = ns.name();
            assertThat(ns.exec("ip", "-4", "-br", "addr", "show", "br0").orThrow().stdout()).contains("192.0.2.1/24");
            ns.assertNoDefaultRoute();
            assertThatThrownBy(() -> ns.addBridgeAddress("10.0.0.1/24")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ns.addRoute("default", "192.0.2.254")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(io.pptp2wg.tests.lab.Commands.run("ip", "netns", "list").stdout()).doesNotContain(name);
    }

    @Test
    void twoNamespacesLinkedByVethReachEachOther() {
        try (Netns a = Netns.create(); Netns b = Netns.create("203.0.113.1/24")) {
            Netns.Veth link = a.linkTo(b, "198.51.100.1/30", "198.51.100.2/30");
            assertThat(a.exec("ping", "-c", "1", "-W", "2", link.bAddress()).ok()).isTrue();
            b.addRoute("192.0.2.0/24", link.aAddress());
            assertThat(b.exec("ping", "-c", "1", "-W", "2", "192.0.2.1").ok()).isTrue();
        }
    }

    /** A socket opened through {@link Netns#call} lives in the namespace: what an in-JVM load generator needs. */
    @Test
    void socketsOpenedInsideCallBelongToTheNamespace() throws Exception {
        try (Netns ns = Netns.create()) {
            // 192.0.2.1 exists only inside the namespace: binding it proves where the socket is
            ServerSocket server = ns.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress("192.0.2.1", 0));
                return s;
            });
            try (server) {
                CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                    try (Socket c = server.accept(); InputStream in = c.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                ns.exec(Duration.ofSeconds(10), "bash", "-c", "echo hello > /dev/tcp/192.0.2.1/" + server.getLocalPort()).orThrow();
                assertThat(received.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello");
            }
            assertThatThrownBy(() -> new ServerSocket().bind(new InetSocketAddress("192.0.2.1", 0)))
                    .as("the test thread itself stays in the host namespace").isInstanceOf(java.net.BindException.class);
        }
    }
}
