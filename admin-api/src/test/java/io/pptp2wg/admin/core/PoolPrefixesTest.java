package io.pptp2wg.admin.core;

import io.pptp2wg.config.AddressList;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PoolPrefixesTest {
    static List<String> of(String pool) {
        return PoolPrefixes.of(AddressList.parse(pool).list().orElseThrow());
    }

    @Test
    void theFewestPrefixesThatCoverTheRange() {
        assertThat(of("198.51.100.0-255")).containsExactly("198.51.100.0/24");
        assertThat(of("198.51.100.128-191")).containsExactly("198.51.100.128/26");
        assertThat(of("198.51.100.100-199")).containsExactly("198.51.100.100/30", "198.51.100.104/29",
                "198.51.100.112/28", "198.51.100.128/26", "198.51.100.192/29");
    }

    @Test
    void neverASlash32WhichAUsersOwnPeerMayHold() {
        // .100-.200 exactly would end in 198.51.100.200/32: the same prefix as the user with that sticky address
        assertThat(of("198.51.100.100-200")).containsExactly("198.51.100.100/30", "198.51.100.104/29",
                "198.51.100.112/28", "198.51.100.128/26", "198.51.100.192/29", "198.51.100.200/31");
        assertThat(of("198.51.100.7")).containsExactly("198.51.100.6/31");
        assertThat(of("198.51.100.9-10")).containsExactly("198.51.100.8/31", "198.51.100.10/31");
    }

    @Test
    void severalRangesMergedAndInOrder() {
        assertThat(of("203.0.113.10-19,192.0.2.0-127,192.0.2.128-255,203.0.113.15-20"))
                .containsExactly("192.0.2.0/24", "203.0.113.10/31", "203.0.113.12/30", "203.0.113.16/30", "203.0.113.20/31");
        assertThat(of("192.0.2.2-254,198.51.100.1-254")).doesNotHaveDuplicates()
                .allMatch(p -> !p.endsWith("/32"));
    }
}
