package io.pptp2wg.ppp;

import io.pptp2wg.config.ppp.MppeKeyLength;
import io.pptp2wg.mppe.MppeDecryptor;
import io.pptp2wg.mppe.MppeEncryptor;
import io.pptp2wg.mppe.MppeHeader;
import io.pptp2wg.mppe.MppeKeyMaterial;
import io.pptp2wg.ppp.ccp.Ccp;
import io.pptp2wg.ppp.ccp.MppeBits;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The IP packets' way through MPPE (RFC 3078): frames each IP packet for the peer (encrypted once MPPE
 * runs), opens each MPPE packet from the peer, and keeps the two directions in step: a lost or discarded
 * packet asks the peer for a CCP Reset-Request, the peer's Reset-Request flushes our encryptor (§7).
 * Owns the start keys, the encryptor and the decryptor, and zeroes them at the end. Allocates nothing
 * per packet: one receive buffer, the link's transmit buffer.
 */
final class MppeDataPath {
    /** Inner Protocol field of an encrypted IP packet: always two octets (as Linux writes it). */
    static final int INNER_PROTOCOL_LENGTH = 2;

    private final Ccp ccp;
    private final BiConsumer<PppCounters.Drop, String> drop;
    private final Consumer<String> fail;
    private final byte[] rx;
    private final ByteBuffer rxView;
    private final byte[] tx;
    private MppeKeyMaterial keys;
    private MppeEncryptor encryptor;
    private MppeDecryptor decryptor;

    /**
     * @param rxSize the largest MPPE packet taken from the peer
     * @param tx     the link's transmit buffer (frames are built there and sent before the next one)
     * @param drop   counts (and prints) a dropped packet
     * @param fail   ends the link from inside (too many MPPE errors)
     */
    MppeDataPath(Ccp ccp, int rxSize, byte[] tx, BiConsumer<PppCounters.Drop, String> drop, Consumer<String> fail) {
        this.ccp = ccp;
        this.rx = new byte[rxSize];
        this.rxView = ByteBuffer.wrap(rx);
        this.tx = tx;
        this.drop = drop;
        this.fail = fail;
    }

    /** The start keys from the login (MS-CHAP[v2]); null when none. MPPE starts from them once CCP is up. */
    void keys(MppeKeyMaterial material) {
        this.keys = material;
    }

    /**
     * CCP is up with these MPPE bits: the encryptor and decryptor start at the strongest agreed length,
     * and the start keys are destroyed (as pppd: gone once MPPE holds them). False when no keys or no
     * length was agreed (the caller ends the link).
     */
    boolean start(int receiveBits, int sendBits) {
        int receiveLength = MppeBits.strongest(receiveBits);
        int sendLength = MppeBits.strongest(sendBits);
        if (keys == null || receiveLength == 0 || sendLength == 0) {
            return false;
        }
        MppeKeyLength rl = MppeBits.keyLength(receiveLength);
        MppeKeyLength sl = MppeBits.keyLength(sendLength);
        byte[] receiveKey = keys.startKey(false, rl);
        byte[] sendKey = keys.startKey(true, sl);
        try {
            decryptor = new MppeDecryptor(receiveKey, rl, (receiveBits & MppeBits.H) == 0);
            encryptor = new MppeEncryptor(sendKey, sl, (sendBits & MppeBits.H) == 0);
        } finally {
            Arrays.fill(receiveKey, (byte) 0);
            Arrays.fill(sendKey, (byte) 0);
            keys.destroy();
        }
        return true;
    }

    /** Both directions encrypt. */
    boolean running() {
        return encryptor != null && decryptor != null;
    }

    /** Either direction still holds a key. */
    boolean anyRunning() {
        return encryptor != null || decryptor != null;
    }

    /** "128-bit stateless", or both directions when they differ; "none" when MPPE does not run. */
    String description() {
        if (!running()) {
            return "none";
        }
        String in = decryptor.strength().bits() + "-bit " + (decryptor.stateful() ? "stateful" : "stateless");
        String outDir = encryptor.strength().bits() + "-bit " + (encryptor.stateful() ? "stateful" : "stateless");
        return in.equals(outDir) ? in : in + " (from peer) / " + outDir + " (to peer)";
    }

    /** The peer's CCP Reset-Request (RFC 3078 §7.1): our next packet is flushed. */
    void resetRequested() {
        if (encryptor != null) {
            encryptor.resetRequested();
        }
    }

    /**
     * Opens the MPPE packet in {@code frame} from {@code infoStart} to its limit (the frame's position is
     * left alone): the IP packet inside, in this path's buffer, valid until the next call; null when dropped
     * (counted; a lost packet asks the peer for a Reset-Request).
     */
    ByteBuffer open(ByteBuffer frame, int infoStart, long now) {
        if (decryptor == null) {
            drop.accept(PppCounters.Drop.OUT_OF_PHASE, "MPPE packet while MPPE is not running");
            return null;
        }
        int length = frame.limit() - infoStart;
        frame.get(infoStart, rx, 0, length);
        MppeDecryptor.Result result = decryptor.open(rx, 0, length);
        switch (result) {
            case OK -> { }
            case TOO_SHORT -> {
                drop.accept(PppCounters.Drop.MPPE_TOO_SHORT, "MPPE packet of " + length + " bytes");
                return null;
            }
            case BAD_HEADER -> {
                drop.accept(PppCounters.Drop.MPPE_BAD_HEADER,
                        String.format("MPPE header %02x%02x not acceptable", rx[0], rx[1]));
                if (decryptor.tooManyErrors()) {
                    fail.accept("Too many MPPE errors");
                }
                return null;
            }
            case LATE -> {
                drop.accept(PppCounters.Drop.MPPE_LATE,
                        "MPPE coherency count " + MppeHeader.coherencyCount(rx[0], rx[1]) + " is late");
                return null;
            }
            case LOST -> {
                drop.accept(PppCounters.Drop.MPPE_LOST,
                        "MPPE packet loss detected at count " + MppeHeader.coherencyCount(rx[0], rx[1]));
                ccp.requestReset(now);
                return null;
            }
            case DISCARDING -> {
                drop.accept(PppCounters.Drop.MPPE_DISCARDING, "MPPE packet discarded until the peer flushes");
                ccp.requestReset(now);
                return null;
            }
        }
        int p = MppeHeader.LENGTH;
        int protocol;
        if ((rx[p] & 1) == 1) {
            protocol = rx[p] & 0xff;
            p += 1;
        } else if (length - p >= INNER_PROTOCOL_LENGTH) {
            protocol = ((rx[p] & 0xff) << 8) | (rx[p + 1] & 0xff);
            p += INNER_PROTOCOL_LENGTH;
        } else {
            drop.accept(PppCounters.Drop.NOT_IP_INSIDE_MPPE, "MPPE packet without a protocol field");
            return null;
        }
        if (protocol != PppProtocol.IP) {
            drop.accept(PppCounters.Drop.NOT_IP_INSIDE_MPPE, "protocol " + PppProtocol.name(protocol) + " inside MPPE");
            return null;
        }
        return rxView.clear().limit(length).position(p);
    }

    /**
     * Frames the IP packet for the peer in the transmit buffer (encrypted when MPPE runs, else plain
     * protocol 0x0021); the frame's length, or -1 when it does not fit (counted).
     */
    int frame(ByteBuffer ipPacket, boolean acfc, boolean pfc) {
        int length = ipPacket.remaining();
        if (encryptor != null) {
            int header = PppFrame.writeHeader(tx, 0, PppProtocol.COMPRESSED_DATAGRAM, acfc, pfc);
            if (header + MppeHeader.LENGTH + INNER_PROTOCOL_LENGTH + length > tx.length) {
                drop.accept(PppCounters.Drop.IP_TOO_LONG, "IP packet of " + length + " bytes is too long");
                return -1;
            }
            int inner = header + MppeHeader.LENGTH;
            tx[inner] = (byte) (PppProtocol.IP >> 8);
            tx[inner + 1] = (byte) PppProtocol.IP;
            ipPacket.get(ipPacket.position(), tx, inner + INNER_PROTOCOL_LENGTH, length);
            return header + encryptor.seal(tx, header, INNER_PROTOCOL_LENGTH + length);
        }
        int header = PppFrame.writeHeader(tx, 0, PppProtocol.IP, acfc, pfc);
        if (header + length > tx.length) {
            drop.accept(PppCounters.Drop.IP_TOO_LONG, "IP packet of " + length + " bytes is too long");
            return -1;
        }
        ipPacket.get(ipPacket.position(), tx, header, length);
        return header + length;
    }

    /** Zeroes the encryptor, the decryptor and start keys not yet used. */
    void destroy() {
        if (encryptor != null) {
            encryptor.destroy();
            encryptor = null;
        }
        if (decryptor != null) {
            decryptor.destroy();
            decryptor = null;
        }
        if (keys != null) {
            keys.destroy();
        }
    }
}
