package io.pptp2wg.ppp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pptp2wg.config.ppp.FsmLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per cell of the RFC 1661 §4.1 state transition table. The expectations are parsed from
 * the table as the RFC prints it (below); each cell drives a real {@link Fsm} into the state through
 * its public events, applies the event, and compares the observable actions (in order), the Restart
 * counter (irc, zrc) and the next state. "-" cells must leave the automaton untouched.
 */
class FsmTransitionTableTest {
    /** RFC 1661 §4.1, both halves, as printed (the r, p and x option marks are kept and ignored). */
    private static final String RFC1661_TABLE = """
                  | State
                  |    0         1         2         3         4         5
            Events| Initial   Starting  Closed    Stopped   Closing   Stopping
            ------+-----------------------------------------------------------
             Up   |    2     irc,scr/6     -         -         -         -
             Down |    -         -         0       tls/1       0         1
             Open |  tls/1       1     irc,scr/6     3r        5r        5r
             Close|    0       tlf/0       2         2         4         4
              TO+ |    -         -         -         -       str/4     str/5
              TO- |    -         -         -         -       tlf/2     tlf/3
             RCR+ |    -         -       sta/2 irc,scr,sca/8   4         5
             RCR- |    -         -       sta/2 irc,scr,scn/6   4         5
             RCA  |    -         -       sta/2     sta/3       4         5
             RCN  |    -         -       sta/2     sta/3       4         5
             RTR  |    -         -       sta/2     sta/3     sta/4     sta/5
             RTA  |    -         -         2         3       tlf/2     tlf/3
             RUC  |    -         -       scj/2     scj/3     scj/4     scj/5
             RXJ+ |    -         -         2         3         4         5
             RXJ- |    -         -       tlf/2     tlf/3     tlf/2     tlf/3
             RXR  |    -         -         2         3         4         5

                  | State
                  |    6         7         8           9
            Events| Req-Sent  Ack-Rcvd  Ack-Sent    Opened
            ------+-----------------------------------------
             Up   |    -         -         -           -
             Down |    1         1         1         tld/1
             Open |    6         7         8           9r
             Close|irc,str/4 irc,str/4 irc,str/4 tld,irc,str/4
              TO+ |  scr/6     scr/6     scr/8         -
              TO- |  tlf/3p    tlf/3p    tlf/3p        -
             RCR+ |  sca/8   sca,tlu/9   sca/8   tld,scr,sca/8
             RCR- |  scn/6     scn/7     scn/6   tld,scr,scn/6
             RCA  |  irc/7     scr/6x  irc,tlu/9   tld,scr/6x
             RCN  |irc,scr/6   scr/6x  irc,scr/8   tld,scr/6x
             RTR  |  sta/6     sta/6     sta/6   tld,zrc,sta/5
             RTA  |    6         6         8       tld,scr/6
             RUC  |  scj/6     scj/7     scj/8       scj/9
             RXJ+ |    6         7         8           9
             RXJ- |  tlf/3     tlf/3     tlf/3   tld,irc,str/5
             RXR  |    6         7         8         ser/9
            """;

    private static final String[] EVENT_NAMES = {"Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-", "RCA",
            "RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-", "RXR"};

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        int firstState = 0;
        for (String half : RFC1661_TABLE.split("\n\n")) {
            for (String line : half.split("\n")) {
                String[] parts = line.split("\\|", 2);
                String name = parts[0].trim();
                int e = Arrays.asList(EVENT_NAMES).indexOf(name);
                if (e < 0 || parts.length < 2) {
                    continue;
                }
                String[] entries = parts[1].trim().split("\\s+");
                for (int i = 0; i < entries.length; i++) {
                    cells.add(Arguments.of(FsmState.values()[firstState + i], FsmEvent.values()[e], entries[i]));
                }
            }
            firstState += 6;
        }
        assertEquals(FsmState.values().length * FsmEvent.values().length, cells.size(), "the whole table was read");
        return cells.stream();
    }

    /** Records callbacks and packets as RFC action names, in order. */
    static final class Recorder implements FsmCallbacks, FsmIo {
        final List<String> actions = new ArrayList<>();
        ConfigVerdict verdict = ConfigVerdict.ACK;
        int lastRequestId = -1;

        @Override public void resetRequest() { }
        @Override public void writeRequest(ByteBuffer out) { out.put((byte) 1).put((byte) 4).putShort((short) 1500); }
        @Override public boolean ackReceived(ByteBuffer options) { return true; }
        @Override public boolean nakReceived(ByteBuffer options, boolean treatAsReject) { return true; }
        @Override public boolean rejectReceived(ByteBuffer options) { return true; }

        @Override
        public ConfigVerdict checkRequest(ByteBuffer options, boolean rejectIfDisagree, ByteBuffer response) {
            if (verdict == ConfigVerdict.NAK) {
                response.put((byte) 1).put((byte) 4).putShort((short) 1400);
            }
            return verdict;
        }

        @Override public void requestAcked(ByteBuffer options) { }
        @Override public void thisLayerUp() { actions.add("tlu"); }
        @Override public void thisLayerDown() { actions.add("tld"); }
        @Override public void thisLayerStarted() { actions.add("tls"); }
        @Override public void thisLayerFinished() { actions.add("tlf"); }

        @Override
        public ExtendedCode classify(int code, int id, ByteBuffer data) {
            return code == ControlCode.ECHO_REQUEST ? ExtendedCode.RXR : ExtendedCode.UNKNOWN;
        }

        @Override public void serve(int code, int id, ByteBuffer data) { actions.add("ser"); }

        @Override
        public void send(int protocol, ByteBuffer packet) {
            int code = packet.get(packet.position()) & 0xff;
            if (code == ControlCode.CONFIGURE_REQUEST) {
                lastRequestId = packet.get(packet.position() + 1) & 0xff;
            }
            actions.add(switch (code) {
                case ControlCode.CONFIGURE_REQUEST -> "scr";
                case ControlCode.CONFIGURE_ACK -> "sca";
                case ControlCode.CONFIGURE_NAK, ControlCode.CONFIGURE_REJECT -> "scn";
                case ControlCode.TERMINATE_REQUEST -> "str";
                case ControlCode.TERMINATE_ACK -> "sta";
                case ControlCode.CODE_REJECT -> "scj";
                default -> "code" + code;
            });
        }

        @Override public void dropped(int protocol, String reason) { }
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static final class Driver {
        final Recorder r = new Recorder();
        final Fsm fsm;
        long now = 1_000 * SECOND;

        Driver(FsmLimits limits) {
            fsm = new Fsm("TEST", 0xC021, limits, r, r, 1500, 0);
        }

        void packet(int code, int id, byte... data) {
            ByteBuffer b = ByteBuffer.allocate(4 + data.length);
            b.put((byte) code).put((byte) id).putShort((short) (4 + data.length)).put(data).flip();
            fsm.receive(b, now);
        }

        void timeout() {
            now = Math.max(now, fsm.deadline());
            fsm.poll(now);
        }

        void apply(FsmEvent e) {
            switch (e) {
                case UP -> fsm.up(now);
                case DOWN -> fsm.down(now);
                case OPEN -> fsm.open(now);
                case CLOSE -> fsm.close("test", now);
                case TO_PLUS, TO_MINUS -> {
                    if (fsm.deadline() == Long.MAX_VALUE) {
                        fsm.poll(now + 1000 * SECOND); // no timer: the event cannot happen
                    } else {
                        timeout();
                    }
                }
                case RCR_PLUS -> {
                    r.verdict = ConfigVerdict.ACK;
                    packet(ControlCode.CONFIGURE_REQUEST, 0x77, (byte) 1, (byte) 4, (byte) 5, (byte) 0xdc);
                }
                case RCR_MINUS -> {
                    r.verdict = ConfigVerdict.NAK;
                    packet(ControlCode.CONFIGURE_REQUEST, 0x78, (byte) 1, (byte) 4, (byte) 0, (byte) 1);
                }
                case RCA -> packet(ControlCode.CONFIGURE_ACK, r.lastRequestId & 0xff, (byte) 1, (byte) 4, (byte) 5, (byte) 0xdc);
                case RCN -> packet(ControlCode.CONFIGURE_NAK, r.lastRequestId & 0xff, (byte) 1, (byte) 4, (byte) 5, (byte) 0x78);
                case RTR -> packet(ControlCode.TERMINATE_REQUEST, 0x55);
                case RTA -> packet(ControlCode.TERMINATE_ACK, 0x56);
                case RUC -> packet(0x20, 0x57);
                case RXJ_PLUS -> packet(ControlCode.CODE_REJECT, 0x58, (byte) ControlCode.ECHO_REQUEST, (byte) 1, (byte) 0, (byte) 8, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
                case RXJ_MINUS -> packet(ControlCode.CODE_REJECT, 0x59, (byte) ControlCode.CONFIGURE_REQUEST, (byte) 1, (byte) 0, (byte) 4);
                case RXR -> packet(ControlCode.ECHO_REQUEST, 0x5a, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
            }
        }

        /** Reaches a state through events only (RFC 1661 §4.1 paths). */
        void reach(FsmState s, FsmEvent next) {
            switch (s) {
                case INITIAL -> { }
                case STARTING -> apply(FsmEvent.OPEN);
                case CLOSED -> apply(FsmEvent.UP);
                case STOPPED -> {
                    apply(FsmEvent.UP);
                    apply(FsmEvent.OPEN);
                    apply(FsmEvent.RXJ_MINUS);
                }
                case CLOSING -> {
                    apply(FsmEvent.UP);
                    apply(FsmEvent.OPEN);
                    apply(FsmEvent.CLOSE);
                }
                case STOPPING -> {
                    apply(FsmEvent.UP);
                    apply(FsmEvent.OPEN);
                    if (next == FsmEvent.TO_PLUS) {
                        apply(FsmEvent.CLOSE);
                        apply(FsmEvent.OPEN); // Closing + Open = Stopping with the counter still above zero
                    } else {
                        apply(FsmEvent.RCR_PLUS);
                        apply(FsmEvent.RCA);
                        apply(FsmEvent.RTR);
                    }
                }
                case REQ_SENT -> {
                    apply(FsmEvent.UP);
                    apply(FsmEvent.OPEN);
                }
                case ACK_RCVD -> {
                    apply(FsmEvent.UP);
                    apply(FsmEvent.OPEN);
                    apply(FsmEvent.RCA);
                }
                case ACK_SENT -> {
                    apply(FsmEvent.UP);
                    apply(FsmEvent.OPEN);
                    apply(FsmEvent.RCR_PLUS);
                }
                case OPENED -> {
                    apply(FsmEvent.UP);
                    apply(FsmEvent.OPEN);
                    apply(FsmEvent.RCR_PLUS);
                    apply(FsmEvent.RCA);
                }
            }
            assertEquals(s, fsm.state(), "reached the state under test");
            if (next == FsmEvent.TO_MINUS) {
                for (int i = 0; i < 10 && fsm.restartCount() > 0 && fsm.deadline() != Long.MAX_VALUE; i++) {
                    timeout();
                }
            }
            r.actions.clear();
        }
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("cells")
    void cell(FsmState state, FsmEvent event, String entry) {
        // TO- needs an expired counter: in Ack-Rcvd/Ack-Sent/Req-Sent only Max-Configure 0 gives one
        FsmLimits limits = event == FsmEvent.TO_MINUS ? new FsmLimits(1, 0, 0, 5) : new FsmLimits(1, 3, 2, 5);
        Driver d = new Driver(limits);
        d.reach(state, event);
        if (event == FsmEvent.TO_PLUS && d.fsm.deadline() != Long.MAX_VALUE) {
            assertTrue(d.fsm.restartCount() > 0, "TO+ needs a counter above zero");
        }
        long ignoredBefore = d.fsm.ignoredEvents();
        d.apply(event);

        if (entry.equals("-")) {
            assertEquals(List.of(), d.r.actions, "an impossible event changes nothing");
            assertEquals(state, d.fsm.state());
            return;
        }
        String[] split = entry.replaceAll("[rpx]$", "").split("/");
        List<String> expected = new ArrayList<>(split.length == 2 ? List.of(split[0].split(",")) : List.of());
        FsmState next = FsmState.values()[Integer.parseInt(split[split.length - 1])];
        boolean irc = expected.remove("irc");
        boolean zrc = expected.remove("zrc");
        assertEquals(expected, d.r.actions, "actions of " + state.rfcName() + " + " + event.rfcName());
        assertEquals(next, d.fsm.state(), "next state of " + state.rfcName() + " + " + event.rfcName());
        assertEquals(ignoredBefore, d.fsm.ignoredEvents());
        long sends = expected.stream().filter(a -> a.equals("scr") || a.equals("str")).count();
        if (irc) {
            int max = next == FsmState.CLOSING || next == FsmState.STOPPING ? limits.maxTerminate() : limits.maxConfigure();
            assertEquals(max - sends, d.fsm.restartCount(), "irc then " + sends + " requests");
        }
        if (zrc) {
            assertEquals(0, d.fsm.restartCount(), "zrc");
            assertTrue(d.fsm.deadline() != Long.MAX_VALUE, "zrc starts the timer");
        }
        if (next.restartTimerRuns()) {
            assertTrue(d.fsm.deadline() != Long.MAX_VALUE, "the Restart timer runs in " + next.rfcName());
        } else {
            assertEquals(Long.MAX_VALUE, d.fsm.deadline(), "no Restart timer in " + next.rfcName());
        }
    }
}
