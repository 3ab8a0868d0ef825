package io.pptp2wg.mppe;

import io.pptp2wg.config.ppp.MppeKeyLength;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an MS-CHAP authentication leaves behind for MPPE (RFC 3079): the start keys of both
 * directions, for the key length CCP agrees later, seen from one side (the server's send key is the
 * client's receive key). Zeroed by {@link #destroy()}.
 */
public abstract sealed class MppeKeyMaterial permits MppeKeyMaterial.V2, MppeKeyMaterial.V1, MppeKeyMaterial.Given {
    /** The strengths these credentials can key. */
    public abstract Set<MppeKeyLength> supported();

    /** The start key for our sending (true) or receiving (false) direction; the caller zeroes it. */
    public abstract byte[] startKey(boolean send, MppeKeyLength strength);

    public abstract void destroy();

    /** RFC 3079 §3: from MS-CHAP-2, seen from the server; both directions and all strengths from the MasterKey. */
    public static MppeKeyMaterial fromMsChapV2(byte[] passwordHashHash, byte[] ntResponse) {
        return fromMsChapV2(passwordHashHash, ntResponse, true);
    }

    /** RFC 3079 §3: from MS-CHAP-2, seen from the server ({@code server}) or from the client. */
    public static MppeKeyMaterial fromMsChapV2(byte[] passwordHashHash, byte[] ntResponse, boolean server) {
        return new V2(MppeKeys.masterKey(passwordHashHash, ntResponse), server);
    }

    /**
     * RFC 3079 §2.4: from MS-CHAPv1; 128-bit only (40/56-bit would need the LAN Manager hash; pppd
     * refuses them too). One key for both directions, so both sides use this.
     */
    public static MppeKeyMaterial fromMsChapV1(byte[] passwordHashHash, byte[] challenge) {
        return new V1(MppeKeys.startKeyV1(passwordHashHash, challenge));
    }

    /**
     * RFC 2548 §2.4.2/§2.4.3: the 16-octet start keys a RADIUS server sent (MS-MPPE-Send-Key is ours for
     * sending, MS-MPPE-Recv-Key for receiving). A shorter strength takes the leading octets, as RFC 3079
     * §3.3's GetAsymmetricStartKey does.
     */
    public static MppeKeyMaterial fromServerKeys(byte[] sendKey, byte[] recvKey) {
        if (sendKey.length != MppeKeys.KEY_LENGTH_128 || recvKey.length != MppeKeys.KEY_LENGTH_128) {
            throw new IllegalArgumentException("MPPE start keys from RADIUS are 16 octets");
        }
        return new Given(sendKey.clone(), recvKey.clone());
    }

    static final class Given extends MppeKeyMaterial {
        private final byte[] send;
        private final byte[] recv;

        Given(byte[] send, byte[] recv) {
            this.send = send;
            this.recv = recv;
        }

        @Override
        public Set<MppeKeyLength> supported() {
            return EnumSet.allOf(MppeKeyLength.class);
        }

        @Override
        public byte[] startKey(boolean sending, MppeKeyLength strength) {
            return Arrays.copyOf(sending ? send : recv, MppeKeys.keyBytes(strength));
        }

        @Override
        public void destroy() {
            Arrays.fill(send, (byte) 0);
            Arrays.fill(recv, (byte) 0);
        }
    }

    static final class V2 extends MppeKeyMaterial {
        private final byte[] masterKey;
        private final boolean server;

        V2(byte[] masterKey, boolean server) {
            this.masterKey = masterKey;
            this.server = server;
        }

        @Override
        public Set<MppeKeyLength> supported() {
            return EnumSet.allOf(MppeKeyLength.class);
        }

        @Override
        public byte[] startKey(boolean send, MppeKeyLength strength) {
            return MppeKeys.asymmetricStartKey(masterKey, MppeKeys.keyBytes(strength), send, server);
        }

        @Override
        public void destroy() {
            Arrays.fill(masterKey, (byte) 0);
        }
    }

    static final class V1 extends MppeKeyMaterial {
        private final byte[] startKey;

        V1(byte[] startKey) {
            this.startKey = startKey;
        }

        @Override
        public Set<MppeKeyLength> supported() {
            return EnumSet.of(MppeKeyLength.BITS_128);
        }

        @Override
        public byte[] startKey(boolean send, MppeKeyLength strength) {
            if (strength != MppeKeyLength.BITS_128) {
                throw new IllegalArgumentException("MS-CHAPv1 keys only 128-bit MPPE");
            }
            return startKey.clone();
        }

        @Override
        public void destroy() {
            Arrays.fill(startKey, (byte) 0);
        }
    }
}
