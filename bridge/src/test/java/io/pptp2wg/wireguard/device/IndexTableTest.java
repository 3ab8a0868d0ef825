package io.pptp2wg.wireguard.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receiver index table against java.util.HashMap: random puts and removes, keys sharing a lane's low octet. */
class IndexTableTest {

    @Test
    void agreesWithHashMapThroughGrowthAndRemovals() {
        Random random = new Random(5_4_2);
        IndexTable<Integer> table = new IndexTable<>();
        Map<Integer, Integer> model = new HashMap<>();
        List<Integer> keys = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || keys.isEmpty()) {
                // like LaneIndices.ownLane: lane 3 of 4, so the low octet is the same residue for every key
                int key = random.nextInt() & ~0xFF | 3;
                table.put(key, step);
                if (model.put(key, step) == null) {
                    keys.add(key);
                }
            } else if (op < 8) {
                int key = keys.remove(random.nextInt(keys.size()));
                table.remove(key);
                model.remove(key);
            } else {
                table.remove(random.nextInt()); // mostly absent: nothing changes
            }
            if (step % 997 == 0) {
                for (Map.Entry<Integer, Integer> e : model.entrySet()) {
                    assertEquals(e.getValue(), table.get(e.getKey()), "step " + step);
                }
            }
            assertEquals(model.size(), table.size());
        }
        for (int key : keys) {
            assertEquals(model.get(key), table.get(key));
        }
    }

    @Test
    void zeroAndNegativeKeysAreKeys() {
        IndexTable<String> table = new IndexTable<>();
        assertNull(table.get(0));
        table.put(0, "zero");
        table.put(-1, "minus one");
        table.put(Integer.MIN_VALUE, "min");
        assertEquals("zero", table.get(0));
        assertEquals("minus one", table.get(-1));
        assertEquals("min", table.get(Integer.MIN_VALUE));
        table.put(0, "again");
        assertEquals("again", table.get(0));
        assertEquals(3, table.size());
        table.remove(0);
        assertFalse(table.containsKey(0));
        assertTrue(table.containsKey(-1));
        assertThrows(NullPointerException.class, () -> table.put(1, null));
    }
}
