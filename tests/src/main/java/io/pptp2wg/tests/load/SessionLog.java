package io.pptp2wg.tests.load;

import io.pptp2wg.config.Ipv4;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --session-log FILE}: one tab-separated line per session as it ends, appended, so that what the load
 * generator saw can be checked against the gateway's journal (the SIGKILL test): every login it saw accepted, every
 * session's bytes. Columns ({@link #HEADER}): the session's index, user, our Call ID and the server's, the tunnel
 * address it got, when the server accepted its authentication, when its IPCP opened (the session was usable) and when
 * it ended (epoch milliseconds, 0 = never), the IP bytes it sent into the tunnel and received from it, and why it
 * ended. Lines come from every event loop: one lock, a line at a time, each flushed as it is written (tools/soak.sh
 * counts the sessions lost while the run goes on: a line before the run's end is a session that ended by itself).
 */
final class SessionLog implements AutoCloseable {
    static final String HEADER = "#index\tuser\tcall_id\tserver_call_id\taddress\tauthenticated_at_ms\tup_at_ms"
            + "\tended_at_ms\tbytes_sent\tbytes_received\treason";

    /** One line of the log. */
    record Line(int index, String user, int callId, int serverCallId, int address, long authenticatedAtMillis,
                long upAtMillis, long endedAtMillis, long bytesSent, long bytesReceived, String reason) {
        String format() {
            return index + "\t" + user + "\t" + callId + "\t" + serverCallId + "\t" + (address == 0 ? "-" : Ipv4.format(address))
                    + "\t" + authenticatedAtMillis + "\t" + upAtMillis + "\t" + endedAtMillis + "\t" + bytesSent + "\t"
                    + bytesReceived + "\t" + (reason == null ? "-" : reason.replaceAll("[\\t\\r\\n]", " "));
        }

        /** The session reached IPCP open: the server accepted it and it could carry traffic. */
        boolean accepted() {
            return upAtMillis > 0;
        }

        static Line parse(String text) {
            String[] f = text.split("\t", 11);
            if (f.length != 11) {
                throw new IllegalArgumentException("not a session log line: " + text);
            }
            return new Line(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    f[4].equals("-") ? 0 : (int) Ipv4.parse(f[4]).orElseThrow(), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), f[10]);
        }
    }

    private final BufferedWriter out;

    private SessionLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens FILE for appending; writes the header when the file is new or empty. */
    static SessionLog open(Path file) {
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (fresh) {
                w.write(HEADER);
                w.newLine();
            }
            return new SessionLog(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the session log " + file, e);
        }
    }

    /** Reads a log written by {@link #open} (comment lines skipped). */
    static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!l.isBlank() && !l.startsWith("#")) {
                lines.add(Line.parse(l));
            }
        }
        return lines;
    }

    /** Any loop. */
    synchronized void write(Line line) {
        try {
            out.write(line.format());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the session log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the session log", e);
        }
    }
}
