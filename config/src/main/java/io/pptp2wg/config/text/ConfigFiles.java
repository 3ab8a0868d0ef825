package io.pptp2wg.config.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads configuration files as text: UTF-8, falling back to ISO-8859-1 for old hosts' files. */
public final class ConfigFiles {
    /** No legitimate pptpd, pppd, secrets or UCI file comes near this; larger is a wrong path. */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private ConfigFiles() {}

    public static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException("file is " + size + " bytes, more than the " + MAX_FILE_BYTES + " a configuration file may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0); // the file may hold secrets
        }
    }
}
