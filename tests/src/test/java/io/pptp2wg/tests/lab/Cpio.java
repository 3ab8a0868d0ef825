package io.pptp2wg.tests.lab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A newc ("070701") cpio archive, the format the kernel unpacks as initramfs: enough to append a few
 * files (the guest's /init and its configuration) to the image's initrd. The kernel unpacks the
 * concatenated archives in order, so a later file replaces an earlier one of the same name.
 */
final class Cpio {
    private static final String MAGIC = "070701";
    private static final int HEADER_FIELDS = 13;
    /** 6-byte magic + 13 eight-digit hex fields. */
    static final int HEADER_SIZE = MAGIC.length() + HEADER_FIELDS * 8;
    private static final int MODE_FILE = 0100000;
    private static final int MODE_DIR = 0040000;
    private static final String TRAILER = "TRAILER!!!";

    private Cpio() {}

    /**
     * An archive of {@code files} (path without leading slash → content, mode 0644 or 0755 for
     * {@code init} and *.sh), preceded by entries for their parent directories.
     */
    static byte[] archive(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Set<String> dirs = new LinkedHashSet<>();
        for (String path : files.keySet()) {
            if (path.startsWith("/") || path.contains("..") || path.isEmpty()) {
                throw new IllegalArgumentException("cpio path must be relative and plain: " + path);
            }
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                dirs.add(path.substring(0, i));
            }
        }
        int ino = 1;
        for (String d : dirs) {
            entry(out, ino++, d, MODE_DIR | 0755, new byte[0]);
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            boolean exec = f.getKey().equals("init") || f.getKey().endsWith(".sh");
            entry(out, ino++, f.getKey(), MODE_FILE | (exec ? 0755 : 0644), f.getValue());
        }
        entry(out, 0, TRAILER, 0, new byte[0]);
        return out.toByteArray();
    }

    private static void entry(ByteArrayOutputStream out, int ino, String name, int mode, byte[] data) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int[] fields = {ino, mode, 0, 0, mode == 0 ? 1 : (mode & MODE_DIR) != 0 ? 2 : 1, 0, data.length, 0, 0, 0, 0,
                nameBytes.length, 0};
        StringBuilder h = new StringBuilder(MAGIC);
        for (int f : fields) {
            h.append(String.format("%08x", f));
        }
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(nameBytes);
        pad(out, HEADER_SIZE + nameBytes.length);
        out.writeBytes(data);
        pad(out, data.length);
    }

    /** Header+name and data are each padded to a multiple of 4. */
    private static void pad(ByteArrayOutputStream out, int length) {
        for (int i = length % 4; i != 0 && i < 4; i++) {
            out.write(0);
        }
    }
}
