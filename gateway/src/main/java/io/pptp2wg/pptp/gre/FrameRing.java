package io.pptp2wg.pptp.gre;

import java.nio.ByteBuffer;

/**
 * A bounded FIFO of frames in one byte array: the frames a call holds back while the peer's window is full. At
 * most {@code maxFrames} frames and {@code capacityBytes} octets, each frame contiguous (one that does not fit at
 * the end goes to the start, if there is room there). The array is allocated the first time a frame is queued
 * and kept for the call's life, so queueing costs a copy and no allocation. Not thread-safe.
 */
final class FrameRing {
    private final int capacityBytes;
    private final int[] offset;
    private final int[] length;
    private byte[] data;
    private int head;
    private int count;
    /** Byte offsets of the oldest frame and just after the newest. */
    private int start;
    private int end;
    /** The newest frames restarted at offset 0 while older ones still sit at the end of the array. */
    private boolean wrapped;
    private int bytes;

    FrameRing(int maxFrames, int capacityBytes) {
        this.capacityBytes = capacityBytes;
        this.offset = new int[maxFrames];
        this.length = new int[maxFrames];
    }

    int size() {
        return count;
    }

    /** Octets queued. */
    int bytes() {
        return bytes;
    }

    /** Copies the frame (position to limit, consumed) in; false, leaving it untouched, when it does not fit. */
    boolean offer(ByteBuffer frame) {
        int len = frame.remaining();
        if (count == offset.length || len > capacityBytes || offset.length == 0) {
            return false;
        }
        int at;
        if (count == 0) {
            at = 0;
        } else if (!wrapped) {
            if (end + len <= capacityBytes) {
                at = end;
            } else if (len <= start) {
                at = 0;
                wrapped = true;
            } else {
                return false;
            }
        } else if (end + len <= start) {
            at = end;
        } else {
            return false;
        }
        if (data == null) {
            data = new byte[capacityBytes];
        }
        frame.get(data, at, len);
        int slot = (head + count) % offset.length;
        offset[slot] = at;
        length[slot] = len;
        if (count == 0) {
            start = at;
        }
        end = at + len;
        count++;
        bytes += len;
        return true;
    }

    /** The array the oldest frame is in ({@link #headOffset}, {@link #headLength}); only while not empty. */
    byte[] data() {
        return data;
    }

    int headOffset() {
        return offset[head];
    }

    int headLength() {
        return length[head];
    }

    /** Drops the oldest frame. */
    void remove() {
        bytes -= length[head];
        head = (head + 1) % offset.length;
        count--;
        if (count == 0) {
            start = end = 0;
            wrapped = false;
            return;
        }
        int next = offset[head];
        if (next < start) {
            wrapped = false; // the frames at the end of the array are gone
        }
        start = next;
    }
}
