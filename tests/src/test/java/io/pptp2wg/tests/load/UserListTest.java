package io.pptp2wg.tests.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserListTest {
    @Test
    void readsPlainPairsAndChapSecretsLines() {
        UserList u = UserList.parse(List.of("# users", "", "alice secret", "\"bob\" pptpd \"two words\" *",
                "carol * pw 198.51.100.20"));
        assertThat(u.size()).isEqualTo(3);
        assertThat(u.forSession(0).user()).isEqualTo("alice");
        assertThat(new String(u.forSession(1).secret().password())).isEqualTo("two words");
        assertThat(u.forSession(2).user()).isEqualTo("carol");
        assertThat(u.forSession(3).user()).isEqualTo("alice");
    }

    @Test
    void refusesLinesItCannotRead() {
        assertThatThrownBy(() -> UserList.parse(List.of("justone"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserList.parse(List.of("# nothing"))).isInstanceOf(IllegalArgumentException.class);
    }
}
