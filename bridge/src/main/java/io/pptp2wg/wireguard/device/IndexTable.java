package io.pptp2wg.wireguard.device;

/**
 * The receiver indices a device gave out (whitepaper §5.4.2: a random 32-bit index per handshake and keypair), each to
 * its tunnel: looked up once per received message, so on the packet path. Open addressing over two arrays (int keys,
 * no boxing), linear probing, deletion by shifting the run back (no tombstones, so lookups stay short however many
 * sessions came and went). Ours rather than Netty's {@code IntObjectHashMap}, which it replaces with the same
 * layout and cost (bridge's IndexTableBenchmark), because the device is a protocol core and imports no Netty.
 * Not thread-safe: one device, one event loop.
 */
public final class IndexTable<V> {
    private static final int MIN_CAPACITY = 16;

    private int[] keys;
    private Object[] values; // null = a free slot
    private int mask;
    private int size;

    public IndexTable() {
        allocate(MIN_CAPACITY);
    }

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(int key) {
        int[] k = keys;
        Object[] v = values;
        int m = mask;
        for (int i = slot(key, m); ; i = (i + 1) & m) {
            Object o = v[i];
            if (o == null) {
                return null;
            }
            if (k[i] == key) {
                return (V) o;
            }
        }
    }

    public boolean containsKey(int key) {
        return get(key) != null;
    }

    /** Maps {@code key} to {@code value} (not null), replacing what was there. */
    public void put(int key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        // at most half full: a miss (an unknown receiver, which anyone can send) ends within a short run
        if (++size > (mask + 1) >>> 1) {
            rehash((mask + 1) << 1);
        }
    }

    /** Removes {@code key}'s mapping if there is one. */
    public void remove(int key) {
        int m = mask;
        int i = slot(key, m);
        for (;;) {
            if (values[i] == null) {
                return;
            }
            if (keys[i] == key) {
                break;
            }
            i = (i + 1) & m;
        }
        // shift back each later entry of the run that the gap would cut off from its home slot
        int gap = i;
        for (int j = (gap + 1) & m; values[j] != null; j = (j + 1) & m) {
            int home = slot(keys[j], m);
            if (((j - home) & m) >= ((j - gap) & m)) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                gap = j;
            }
        }
        values[gap] = null;
        keys[gap] = 0;
        size--;
    }

    public int size() {
        return size;
    }

    /**
     * Fibonacci hashing, the high bits: the indices are random but a lane's share one low octet
     * ({@link Device#laneOf}), so the low bits alone would pile every key of a lane into one run.
     */
    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ h >>> 16) & mask;
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        for (int i = 0; i < oldValues.length; i++) {
            Object o = oldValues[i];
            if (o != null) {
                int j = slot(oldKeys[i], mask);
                while (values[j] != null) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = o;
            }
        }
    }

    private void allocate(int capacity) {
        keys = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }
}
