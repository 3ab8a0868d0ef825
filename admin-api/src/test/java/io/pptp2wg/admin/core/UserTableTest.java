package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.MigrationState;
import io.pptp2wg.admin.api.UserView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UserTableTest {
    static UserView user(int i) {
        MigrationState state = MigrationState.values()[i % MigrationState.values().length];
        return new UserView(String.format("user%04d", i), state, i % 7 == 0 ? null : Instant.ofEpochSecond(1_700_000_000L + i * 37L % 1000),
                i % 13, null, i * 11L % 997, i * 3L, "192.0.2." + (i % 250), null, null, null, null, null, null, null,
                0, 0, null, 0, 1, 0, io.pptp2wg.admin.api.UserSource.FILE);
    }

    static List<UserView> thousand() {
        List<UserView> all = new ArrayList<>();
        for (int i = 999; i >= 0; i--) {
            all.add(user(i));
        }
        return all;
    }

    @Test
    void aPageOfFiftyOutOfAThousand() {
        var page = UserTable.page(thousand(), new UserTable.Query("", Optional.empty(), UserTable.Sort.NAME, false, 50, 50));
        assertThat(page.total()).isEqualTo(1000);
        assertThat(page.users()).hasSize(50);
        assertThat(page.users().getFirst().name()).isEqualTo("user0050");
    }

    @Test
    void filterByStateAndSearch() {
        var page = UserTable.page(thousand(), new UserTable.Query("USER00", Optional.of(MigrationState.MIGRATED),
                UserTable.Sort.NAME, false, 0, 500));
        assertThat(page.users()).allMatch(u -> u.state() == MigrationState.MIGRATED && u.name().startsWith("user00"));
        assertThat(page.total()).isEqualTo(20);
    }

    @Test
    void sortsByLastLoginWithNeverFirstAndBytesDescending() {
        var byLogin = UserTable.page(thousand(), new UserTable.Query(null, Optional.empty(), UserTable.Sort.LAST_LOGIN,
                false, 0, 500)).users();
        assertThat(byLogin.getFirst().lastLogin()).isNull();
        var byBytes = UserTable.page(thousand(), new UserTable.Query(null, Optional.empty(), UserTable.Sort.BYTES,
                true, 0, 500)).users();
        for (int i = 1; i < byBytes.size(); i++) {
            assertThat(byBytes.get(i - 1).bytesFromClient() + byBytes.get(i - 1).bytesToClient())
                    .isGreaterThanOrEqualTo(byBytes.get(i).bytesFromClient() + byBytes.get(i).bytesToClient());
        }
    }

    @Test
    void anOffsetPastTheEndGivesAnEmptyPage() {
        var page = UserTable.page(thousand(), new UserTable.Query("", Optional.empty(), UserTable.Sort.NAME, false, 5000, 50));
        assertThat(page.users()).isEmpty();
        assertThat(page.total()).isEqualTo(1000);
    }
}
