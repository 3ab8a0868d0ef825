package io.pptp2wg.mppe;

import io.pptp2wg.config.ppp.MppeKeyLength;

/**
 * The sending half of MPPE (RFC 3078 §3, §7), mirroring Linux's ppp_mppe compressor, which the
 * real clients run: the coherency count starts at 0; stateless mode changes keys before every
 * packet; stateful mode on "flag" packets (count low octet 0xFF) and after a CCP Reset-Request,
 * marking such packets flushed. Encrypts in place; no allocation.
 */
public final class MppeEncryptor {
    private final MppeKeySchedule keys;
    private final boolean stateful;
    private int coherencyCount = MppeHeader.COHERENCY_COUNT_MASK;
    private boolean flushNext;
    private long packets;

    public MppeEncryptor(byte[] startKey, MppeKeyLength strength, boolean stateful) {
        this.keys = new MppeKeySchedule(startKey, strength);
        this.stateful = stateful;
    }

    /** A CCP Reset-Request arrived: the next packet changes keys and carries the flushed bit. */
    public void resetRequested() {
        flushNext = true;
    }

    /**
     * Writes the MPPE header at {@code offset} and encrypts the {@code plaintextLength} octets after it
     * (the PPP Protocol field and the datagram). Returns header plus ciphertext length.
     */
    public int seal(byte[] buffer, int offset, int plaintextLength) {
        coherencyCount = (coherencyCount + 1) & MppeHeader.COHERENCY_COUNT_MASK;
        int bits = MppeHeader.ENCRYPTED;
        if (!stateful || (coherencyCount & MppeHeader.FLAG_PACKET_MASK) == MppeHeader.FLAG_PACKET_MASK || flushNext) {
            keys.rekey();
            bits |= MppeHeader.FLUSHED;
            flushNext = false;
        }
        buffer[offset] = (byte) (bits | (coherencyCount >> 8));
        buffer[offset + 1] = (byte) coherencyCount;
        keys.crypt(buffer, offset + MppeHeader.LENGTH, plaintextLength);
        packets++;
        return MppeHeader.LENGTH + plaintextLength;
    }

    public boolean stateful() {
        return stateful;
    }

    public MppeKeyLength strength() {
        return keys.strength();
    }

    public long packets() {
        return packets;
    }

    public void destroy() {
        keys.destroy();
    }
}
