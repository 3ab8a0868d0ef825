package io.pptp2wg.tests.lab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the host hands the guest: a shell-sourceable configuration inside a newc cpio. */
class GuestFilesTest {
    @Test
    void configurationSurvivesTheShellVerbatim() throws Exception {
        String secrets = "\"alice\" pptpd \"it's $HOME `x`\" *\nbob * \"b\\\\c\" 198.51.100.20";
        byte[] conf = new GuestConfig().set("chap_secrets", secrets).set("sessions", 3).toShell();
        Path f = Files.createTempFile("harness", ".conf");
        try {
            Files.write(f, conf);
            Process p = new ProcessBuilder("sh", "-c", ". \"$0\"; printf '%s|%s' \"$chap_secrets\" \"$sessions\"", f.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(out).isEqualTo(secrets + "|3");
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void keysAreShellNames() {
        assertThatThrownBy(() -> new GuestConfig().set("bad-key", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestConfig().set("PATH", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpioEntriesAreNewcWithParentsAndAlignment() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("etc/scenario/01.conf", "name='a'\n".getBytes(StandardCharsets.US_ASCII));
        files.put("init", "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII));
        byte[] a = Cpio.archive(files);
        assertThat(a.length % 4).isZero();
        Map<String, String> read = readNewc(a);
        assertThat(read.keySet()).containsExactly("etc", "etc/scenario", "etc/scenario/01.conf", "init", "TRAILER!!!");
        assertThat(read.get("etc/scenario/01.conf")).isEqualTo("100644:name='a'\n");
        assertThat(read.get("init")).isEqualTo("100755:#!/bin/sh\n");
        assertThat(read.get("etc")).startsWith("40755:");
        assertThatThrownBy(() -> Cpio.archive(Map.of("/abs", new byte[0]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cpio.archive(Map.of("a/../b", new byte[0]))).isInstanceOf(IllegalArgumentException.class);
    }

    /** name → "octal mode:content", read the way the kernel's initramfs unpacker reads newc. */
    private static Map<String, String> readNewc(byte[] a) {
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos < a.length) {
            String h = new String(a, pos, Cpio.HEADER_SIZE, StandardCharsets.US_ASCII);
            assertThat(h).startsWith("070701");
            int mode = field(h, 1);
            int size = field(h, 6);
            int nameSize = field(h, 11);
            String name = new String(a, pos + Cpio.HEADER_SIZE, nameSize - 1, StandardCharsets.US_ASCII);
            assertThat(a[pos + Cpio.HEADER_SIZE + nameSize - 1]).isZero();
            int data = align4(pos + Cpio.HEADER_SIZE + nameSize);
            out.put(name, Integer.toOctalString(mode) + ":" + new String(a, data, size, StandardCharsets.US_ASCII));
            pos = align4(data + size);
            if (name.equals("TRAILER!!!")) {
                break;
            }
        }
        assertThat(pos).isEqualTo(a.length);
        return out;
    }

    private static int field(String header, int index) {
        return Integer.parseInt(header.substring(6 + index * 8, 14 + index * 8), 16);
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
