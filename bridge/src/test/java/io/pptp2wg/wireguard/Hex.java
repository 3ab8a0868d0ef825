package io.pptp2wg.wireguard;

import java.util.HexFormat;

public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
