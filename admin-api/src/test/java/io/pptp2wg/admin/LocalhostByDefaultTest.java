package io.pptp2wg.admin;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalhostByDefaultTest {
    @Test
    void connectorsWithoutABindHostListenOnLoopbackOnlyAndExplicitOnesAreKept() {
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory app = new HttpConnectorFactory();
        HttpConnectorFactory everywhere = new HttpConnectorFactory();
        everywhere.setBindHost("0.0.0.0");
        server.setApplicationConnectors(List.of(app, everywhere));
        LocalhostByDefault.apply(server);
        assertThat(app.getBindHost()).isEqualTo("127.0.0.1");
        assertThat(everywhere.getBindHost()).isEqualTo("0.0.0.0");
        assertThat(server.getAdminConnectors()).allSatisfy(c ->
                assertThat(((HttpConnectorFactory) c).getBindHost()).isEqualTo("127.0.0.1"));
    }
}
