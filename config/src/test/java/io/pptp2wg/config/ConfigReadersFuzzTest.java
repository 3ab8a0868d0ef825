package io.pptp2wg.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pptp2wg.config.ppp.PppOptionsParser;
import io.pptp2wg.config.pptpd.PptpdConfParser;
import io.pptp2wg.config.radius.RadiusClientConfParser;
import io.pptp2wg.config.radius.RadiusPlugin;
import io.pptp2wg.config.secrets.SecretsParser;
import io.pptp2wg.config.uci.OpenWrtPptpd;
import io.pptp2wg.config.uci.UciParser;
import io.pptp2wg.config.wireguard.WgQuickReader;
import io.pptp2wg.config.wireguard.WireGuardMode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Coverage-guided fuzz targets (Jazzer) for the readers of an old pptpd host's files and of wg-quick files:
 * pptpd.conf, pppd options, chap-secrets, OpenWrt UCI, radiusclient.conf and wg-quick, each fed any text. Contract: a reader
 * returns (a result, with problems) or throws {@link ConfigException}, never anything else; every problem
 * names a file, and a line within it when it is the file read (0 = the whole file), with a message.
 * Included files ({@code file X}, {@code @X}) name paths under a directory that does not exist, so the
 * fuzzer reaches the "cannot read" path without reading this machine's files.
 * {@code mvn verify} replays {@code ConfigReadersFuzzTestInputs/}; tools/fuzz.sh fuzzes each method.
 */
class ConfigReadersFuzzTest {
    static final String FILE = "/nonexistent-pptp2wg-fuzz/file";
    static final Path PATH = Path.of(FILE);

    private static void read(String content, Consumer<Problems> reader) {
        Problems problems = new Problems();
        try {
            reader.accept(problems);
        } catch (ConfigException e) {
            assertNotNull(e.getMessage());
        }
        long lines = content.chars().filter(c -> c == '\n').count() + 1;
        for (ConfigProblem p : problems.all()) {
            assertFalse(p.file().isBlank(), p.toString());
            if (p.file().equals(FILE)) {
                assertTrue(p.line() >= 0 && p.line() <= lines, "line within the file: " + p);
            }
            assertFalse(p.message().isBlank(), p.toString());
        }
    }

    /** Paths the text names are made to point into the missing directory (also: relative secret files). */
    private static String confined(FuzzedDataProvider data) {
        return data.consumeRemainingAsString().replace("/", "/nonexistent-pptp2wg-fuzz/").replace("@", "@/nonexistent-pptp2wg-fuzz/");
    }

    @FuzzTest
    void pptpdConf(FuzzedDataProvider data) {
        String content = confined(data);
        read(content, problems -> PptpdConfParser.parse(PATH, content, problems));
    }

    @FuzzTest
    void pppOptions(FuzzedDataProvider data) {
        String content = confined(data);
        read(content, problems -> PppOptionsParser.parse(PATH, content, problems));
    }

    @FuzzTest
    void chapSecrets(FuzzedDataProvider data) {
        String content = confined(data);
        read(content, problems -> SecretsParser.parse(PATH, content, problems));
    }

    @FuzzTest
    void uci(FuzzedDataProvider data) {
        String content = confined(data);
        read(content, problems -> OpenWrtPptpd.from(FILE, UciParser.parse(FILE, content, problems), problems));
    }

    /** radiusclient.conf; the {@code servers} file it names is in the missing directory, as every path is. */
    @FuzzTest
    void radiusClientConf(FuzzedDataProvider data) {
        String content = confined(data);
        RadiusPlugin plugin = new RadiusPlugin(FILE, 1, PATH, List.of());
        read(content, problems -> RadiusClientConfParser.parse(plugin, content, problems));
    }

    @FuzzTest
    void wgQuick(FuzzedDataProvider data) {
        WireGuardMode mode = data.consumeBoolean() ? WireGuardMode.SHARED : WireGuardMode.PER_USER;
        String content = confined(data);
        read(content, problems -> WgQuickReader.parse(PATH, content, mode, problems));
    }

    static {
        assertEquals(FILE, PATH.toString());
    }
}
