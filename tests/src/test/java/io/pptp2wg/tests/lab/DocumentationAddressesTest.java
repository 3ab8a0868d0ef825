package io.pptp2wg.tests.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentationAddressesTest {
    @Test
    void acceptsTheThreeDocumentationNetworksInEveryForm() {
        assertThat(DocumentationAddresses.isDocumentation("192.0.2.1")).isTrue();
        assertThat(DocumentationAddresses.isDocumentation("198.51.100.255")).isTrue();
        assertThat(DocumentationAddresses.isDocumentation("203.0.113.0/24")).isTrue();
        assertThat(DocumentationAddresses.isDocumentation("192.0.2.20/32")).isTrue();
        assertThat(DocumentationAddresses.isDocumentation("198.51.100.100-199")).isTrue();
        assertThat(DocumentationAddresses.isDocumentation("198.51.100.100-198.51.100.199")).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        for (String bad : new String[] {"10.0.0.1", "192.168.1.1", "8.8.8.8", "127.0.0.1", "192.0.2.256",
                "192.0.2.0/16", "192.0.2.0/23", "0.0.0.0/0", "198.51.100.100-203.0.113.5", "192.0.2.1-300",
                "192.0.2.", "x", "", "192.0.20.1", "1192.0.2.1"}) {
            assertThat(DocumentationAddresses.isDocumentation(bad)).as(bad).isFalse();
        }
        assertThat(DocumentationAddresses.isDocumentation(null)).isFalse();
        assertThatThrownBy(() -> DocumentationAddresses.require("server", "10.1.2.3"))
                .hasMessageContaining("server=10.1.2.3").hasMessageContaining("refused");
    }

    @Test
    void generatedGatewayFilesMayNameOnlyLabAddresses() {
        GatewayProcess.Builder.checkAddresses("wg.conf", "Endpoint = 192.0.2.2:51820\nAllowedIPs = 203.0.113.0/24, 0.0.0.0/0");
        GatewayProcess.Builder.checkAddresses("config.yml", "bindHost: 127.0.0.1");
        assertThatThrownBy(() -> GatewayProcess.Builder.checkAddresses("wg.conf", "Endpoint = 10.9.8.7:51820"))
                .hasMessageContaining("wg.conf names 10.9.8.7");
    }
}
