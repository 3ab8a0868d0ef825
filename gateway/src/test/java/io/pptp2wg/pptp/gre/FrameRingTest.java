package io.pptp2wg.pptp.gre;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The hold-back queue against a plain deque, through many wrap-arounds. */
class FrameRingTest {
    @Test
    void behavesAsAFifoWithinItsBounds() {
        FrameRing ring = new FrameRing(16, 8000);
        ArrayDeque<byte[]> model = new ArrayDeque<>();
        SplittableRandom random = new SplittableRandom(11);
        int refused = 0;
        for (int step = 0; step < 200_000; step++) {
            if (random.nextInt(100) < 55) {
                byte[] frame = new byte[1 + random.nextInt(1500)];
                random.nextBytes(frame);
                boolean fitsModel = model.size() < 16;
                ByteBuffer b = ByteBuffer.wrap(frame);
                if (ring.offer(b)) {
                    assertTrue(fitsModel, "more frames than the bound");
                    assertFalse(b.hasRemaining());
                    model.add(frame);
                } else {
                    assertEquals(frame.length, b.remaining(), "a refused frame is left untouched");
                    refused++;
                }
            } else if (!model.isEmpty()) {
                byte[] expected = model.remove();
                byte[] got = Arrays.copyOfRange(ring.data(), ring.headOffset(), ring.headOffset() + ring.headLength());
                assertArrayEquals(expected, got);
                ring.remove();
            }
            assertEquals(model.size(), ring.size());
            assertEquals(model.stream().mapToInt(f -> f.length).sum(), ring.bytes());
            assertTrue(ring.bytes() <= 8000);
        }
        assertTrue(refused > 0, "the octet bound was reached");
    }

    @Test
    void refusesWhatCanNeverFitAndAllocatesNothingUntilUsed() {
        FrameRing ring = new FrameRing(4, 100);
        assertNull(ring.data());
        assertFalse(ring.offer(ByteBuffer.allocate(101)));
        assertNull(ring.data());
        assertTrue(ring.offer(ByteBuffer.allocate(100)));
        assertFalse(ring.offer(ByteBuffer.allocate(1)));
        ring.remove();
        assertEquals(0, ring.size());
        assertFalse(new FrameRing(0, 100).offer(ByteBuffer.allocate(1)));
    }
}
