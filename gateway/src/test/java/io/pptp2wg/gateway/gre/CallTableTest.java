package io.pptp2wg.gateway.gre;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Call IDs by residue: each event loop's raw GRE socket is given only its residue's packets by the kernel. */
class CallTableTest {

    @Test
    void idsOfALaneShareItsResidueAndAreUniqueAcrossLanes() {
        CallTable t = new CallTable(65_000); // wraps past 65535, never gives 0
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            int lane = i % 3;
            int id = t.reserve(lane, 3);
            assertTrue(id > 0 && id <= 0xFFFF, "id " + id);
            assertEquals(lane, id % 3);
            assertTrue(all.add(id), "unique " + id);
        }
        assertEquals(3000, t.inUse());
    }

    @Test
    void aLaneRunsOutOnlyWhenItsResidueIsUsedUp() {
        CallTable t = new CallTable(1);
        int odd = 0;
        while (t.reserve(1, 2) > 0) {
            odd++;
        }
        assertEquals(32_768, odd); // 1, 3, ..., 65535
        assertEquals(-1, t.reserve(1, 2));
        assertNotEquals(-1, t.reserve(0, 2)); // the even IDs are still there (0 excepted)
        assertNotEquals(-1, t.reserve());
    }
}
