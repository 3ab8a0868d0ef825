package io.pptp2wg.gateway.mppe;

import io.pptp2wg.mppe.Rc4;
import io.pptp2wg.mppe.Rc4Choice;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSSL's RC4 (libcrypto 3, the low-level {@code RC4_set_key}/{@code RC4} calls, which OpenSSL still builds and
 * exports; the EVP "RC4" needs the legacy provider) through the foreign function API. Its assembly is about 1.35x
 * the JDK's Java RC4 for MPPE's key change plus a 1,400-octet packet (2.6 µs against 3.5 µs here), and RC4 was three
 * quarters of the gateway's own CPU on the relay path (JFR, docs/performance.md). The calls are "critical": they take
 * the packet's heap array directly and return within microseconds.
 *
 * <p>An edge (it loads a native library and logs): {@link #install} hands MPPE's core this cipher through
 * {@link Rc4Choice} at start-up. {@code -Dpptp2wg.mppe.rc4=jdk} keeps the JDK's.
 */
public final class OpenSslRc4 implements Rc4 {
    private static final Logger LOG = LoggerFactory.getLogger(OpenSslRc4.class);
    /** The system property that chooses the implementation: {@code auto} (the default) or {@code jdk}. */
    public static final String PROPERTY = "pptp2wg.mppe.rc4";
    /**
     * struct rc4_key_st (openssl/rc4.h): x, y and data[256] of RC4_INT, an unsigned int on x86-64 and arm64 (an
     * unsigned char on a few others, which needs less).
     */
    private static final long RC4_KEY_SIZE = (2 + 256) * (long) Integer.BYTES;
    private static final Native NATIVE = Native.load();

    private final MemorySegment state;
    private final int keyLength;
    /**
     * Views of the few arrays this cipher is used on (the key schedule's two, the link's packet buffers), made once:
     * a view per call, and a slice where the offset is not 0, were a tenth of the relay's Java time in a profile.
     */
    private final byte[][] viewed = new byte[VIEWS][];
    private final MemorySegment[] views = new MemorySegment[VIEWS];
    private int nextView;
    private static final int VIEWS = 4;

    /**
     * Installs OpenSSL's RC4 for MPPE where it loads and passes its known answer (else the JDK's stays) and returns
     * the choice, for the start-up log. Idempotent.
     */
    public static Rc4Choice install() {
        if (usable()) {
            Rc4Choice.install(new Rc4Choice(version(), OpenSslRc4::new));
        }
        return Rc4Choice.installed();
    }

    public OpenSslRc4(int keyLength) {
        if (NATIVE == null) {
            throw new IllegalStateException("OpenSSL's libcrypto.so.3 with RC4 is not available");
        }
        this.keyLength = keyLength;
        // Freed by the garbage collector once unreachable; destroy() zeroes it first.
        this.state = Arena.ofAuto().allocate(RC4_KEY_SIZE, Long.BYTES);
    }

    public static boolean usable() {
        return NATIVE != null;
    }

    public static String version() {
        return NATIVE == null ? "none" : NATIVE.version;
    }

    @Override
    public int keyLength() {
        return keyLength;
    }

    @Override
    public void setKey(byte[] source, int offset) {
        NATIVE.setKey(state, keyLength, at(source, offset, keyLength));
    }

    @Override
    public void process(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        MemorySegment from = at(in, inOffset, length);
        MemorySegment to = out == in && outOffset == inOffset ? from : at(out, outOffset, length);
        NATIVE.crypt(state, length, from, to);
    }

    /**
     * {@code array[offset, offset + length)} for the native call, bounds checked here: the call is given only the
     * start, and reads or writes {@code length} octets from it.
     */
    private MemorySegment at(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        MemorySegment whole = view(array);
        return offset == 0 ? whole : whole.asSlice(offset);
    }

    private MemorySegment view(byte[] array) {
        for (int i = 0; i < VIEWS; i++) {
            if (viewed[i] == array) {
                return views[i];
            }
        }
        int i = nextView;
        nextView = (i + 1) % VIEWS;
        viewed[i] = array;
        views[i] = MemorySegment.ofArray(array);
        return views[i];
    }

    @Override
    public void destroy() {
        state.fill((byte) 0);
        java.util.Arrays.fill(viewed, null);
        java.util.Arrays.fill(views, null);
    }

    /** The two calls, found once; null where libcrypto is missing, lacks RC4, fails the known answer or is refused. */
    private record Native(MethodHandle rc4SetKey, MethodHandle rc4, String version) {
        /** RFC 6229 §2: the first 16 octets of keystream for the 128-bit key 0x0102..10. */
        private static final String KAT_KEY = "0102030405060708090a0b0c0d0e0f10";
        private static final String KAT_KEYSTREAM = "9ac7cc9a609d1ef7b2932899cde41b97";

        static Native load() {
            if ("jdk".equals(System.getProperty(PROPERTY))) {
                LOG.info("RC4 for MPPE: the JDK's (-D{}=jdk)", PROPERTY);
                return null;
            }
            try {
                Native n = link();
                if (n == null) {
                    return null;
                }
                byte[] out = new byte[16];
                MemorySegment key = Arena.ofAuto().allocate(RC4_KEY_SIZE, Long.BYTES);
                n.setKey(key, 16, MemorySegment.ofArray(HexFormat.of().parseHex(KAT_KEY)));
                n.crypt(key, 16, MemorySegment.ofArray(new byte[16]), MemorySegment.ofArray(out));
                if (!HexFormat.of().formatHex(out).equals(KAT_KEYSTREAM)) {
                    LOG.warn("RC4 for MPPE: OpenSSL's RC4 failed the RFC 6229 known answer; using the JDK's");
                    return null;
                }
                LOG.debug("RC4 for MPPE: {}", n.version);
                return n;
            } catch (RuntimeException | LinkageError e) {
                LOG.info("RC4 for MPPE: the JDK's (OpenSSL's libcrypto.so.3 is not usable: {})", e.toString());
                return null;
            }
        }

        private static Native link() {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
            } catch (IllegalArgumentException e) {
                LOG.info("RC4 for MPPE: the JDK's (no libcrypto.so.3; Debian's package libssl3 has it)");
                return null;
            }
            Optional<MemorySegment> setKey = lib.find("RC4_set_key");
            Optional<MemorySegment> rc4 = lib.find("RC4");
            Optional<MemorySegment> versionFn = lib.find("OpenSSL_version");
            if (setKey.isEmpty() || rc4.isEmpty()) {
                LOG.info("RC4 for MPPE: the JDK's (this libcrypto.so.3 was built without RC4)");
                return null;
            }
            Linker linker = Linker.nativeLinker();
            Linker.Option heapAccess = Linker.Option.critical(true);
            // void RC4_set_key(RC4_KEY *key, int len, const unsigned char *data)
            MethodHandle setKeyHandle = linker.downcallHandle(setKey.get(),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), heapAccess);
            // void RC4(RC4_KEY *key, size_t len, const unsigned char *indata, unsigned char *outdata)
            MethodHandle rc4Handle = linker.downcallHandle(rc4.get(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS), heapAccess);
            String version = "OpenSSL libcrypto.so.3";
            if (versionFn.isPresent()) {
                // const char *OpenSSL_version(int type); OPENSSL_VERSION (0) is "OpenSSL 3.0.x <date>"
                MethodHandle v = linker.downcallHandle(versionFn.get(),
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
                try {
                    version = ((MemorySegment) v.invokeExact(0)).reinterpret(256).getString(0);
                } catch (Throwable e) {
                    // keep the library's name
                }
            }
            return new Native(setKeyHandle, rc4Handle, version);
        }

        void setKey(MemorySegment state, int length, MemorySegment key) {
            try {
                rc4SetKey.invokeExact(state, length, key);
            } catch (Throwable e) {
                throw new IllegalStateException("RC4_set_key", e); // only a bug: the call itself cannot throw
            }
        }

        void crypt(MemorySegment state, long length, MemorySegment in, MemorySegment out) {
            try {
                rc4.invokeExact(state, length, in, out);
            } catch (Throwable e) {
                throw new IllegalStateException("RC4", e); // only a bug: the call itself cannot throw
            }
        }
    }
}
