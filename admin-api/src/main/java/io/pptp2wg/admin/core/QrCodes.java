package io.pptp2wg.admin.core;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/** A QR code as PNG (zxing encodes; the JDK's ImageIO writes), for the WireGuard mobile apps' scanner. */
public final class QrCodes {
    /** Pixels per module: a phone camera reads it comfortably from a screen. */
    static final int SCALE = 6;
    /** The quiet zone ISO/IEC 18004 asks for, in modules. */
    static final int QUIET_ZONE = 4;

    private QrCodes() {}

    public static byte[] png(String text) {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalStateException("text too long for a QR code (" + text.length() + " characters)", e);
        }
        int w = m.getWidth() * SCALE;
        int h = m.getHeight() * SCALE;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, m.get(x / SCALE, y / SCALE) ? 0xff000000 : 0xffffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG writer failed", e);
        }
        return out.toByteArray();
    }
}
