package io.pptp2wg.admin.selfservice;

import io.pptp2wg.admin.core.MigrationRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** The self-service page's HTML (templates in /selfservice, every value HTML-escaped; no script at all). */
final class SelfServicePages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
    private final String page = resource("page.html");
    private final String done = resource("done.html");
    private final String css = resource("self.css");
    private final boolean qr;
    private final int noticeDays;

    SelfServicePages(boolean qr, int noticeDays) {
        this.qr = qr;
        this.noticeDays = noticeDays;
    }

    String css() {
        return css;
    }

    /** The first page: name, sunset date (and the notice when it is near), the instructions, the confirmation form. */
    String start(String user, Optional<MigrationRules.Sunset> sunset, LocalDate today, String token) {
        String when = sunset.map(s -> "Your PPTP access ends on " + DAY.format(s.date()) + ".")
                .orElse("No end date is set for your PPTP access yet, but please move now.");
        String notice = "";
        if (sunset.isPresent() && noticeDays > 0) {
            long days = ChronoUnit.DAYS.between(today, sunset.get().date());
            if (days >= 0 && days <= noticeDays) {
                notice = "<p class=\"notice\" role=\"alert\">" + (days == 0 ? "Today is the last day"
                        : days == 1 ? "Tomorrow is the last day" : "Only " + days + " days left")
                        + " of your PPTP access: take your WireGuard configuration now.</p>";
            }
        }
        return page.replace("{{notice}}", notice)
                .replace("{{user}}", html(user))
                .replace("{{sunset}}", html(when))
                .replace("{{until}}", html(sunset.map(s -> DAY.format(s.date())).orElse("your administrator turns it off")))
                .replace("{{qrword}}", qr ? " and a QR code" : "")
                .replace("{{token}}", html(token));
    }

    /** After the confirmation: the file to download and, unless turned off, the QR code. */
    String done(String user) {
        String q = qr ? "<div class=\"qr\"><p>Or scan this with the WireGuard app on your phone:</p>"
                + "<img src=\"/wireguard.png\" alt=\"QR code of your WireGuard configuration\"></div>" : "";
        return done.replace("{{user}}", html(user)).replace("{{file}}", html(fileName(user))).replace("{{qr}}", q);
    }

    static String fileName(String user) {
        // the Windows client names the tunnel after the file: at most 32 of [A-Za-z0-9_=+.-]
        String safe = ("wg-" + user).replaceAll("[^A-Za-z0-9_=+.-]", "_");
        return (safe.length() > 27 ? safe.substring(0, 27) : safe) + ".conf";
    }

    static String html(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = SelfServicePages.class.getResourceAsStream("/selfservice/" + name)) {
            if (in == null) {
                throw new IllegalStateException("/selfservice/" + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
