package io.pptp2wg.ppp.fsm;

import static io.pptp2wg.ppp.fsm.FsmAction.IRC;
import static io.pptp2wg.ppp.fsm.FsmAction.SCA;
import static io.pptp2wg.ppp.fsm.FsmAction.SCJ;
import static io.pptp2wg.ppp.fsm.FsmAction.SCN;
import static io.pptp2wg.ppp.fsm.FsmAction.SCR;
import static io.pptp2wg.ppp.fsm.FsmAction.SER;
import static io.pptp2wg.ppp.fsm.FsmAction.STA;
import static io.pptp2wg.ppp.fsm.FsmAction.STR;
import static io.pptp2wg.ppp.fsm.FsmAction.TLD;
import static io.pptp2wg.ppp.fsm.FsmAction.TLF;
import static io.pptp2wg.ppp.fsm.FsmAction.TLS;
import static io.pptp2wg.ppp.fsm.FsmAction.TLU;
import static io.pptp2wg.ppp.fsm.FsmAction.ZRC;
import static io.pptp2wg.ppp.fsm.FsmState.ACK_RCVD;
import static io.pptp2wg.ppp.fsm.FsmState.ACK_SENT;
import static io.pptp2wg.ppp.fsm.FsmState.CLOSED;
import static io.pptp2wg.ppp.fsm.FsmState.CLOSING;
import static io.pptp2wg.ppp.fsm.FsmState.INITIAL;
import static io.pptp2wg.ppp.fsm.FsmState.OPENED;
import static io.pptp2wg.ppp.fsm.FsmState.REQ_SENT;
import static io.pptp2wg.ppp.fsm.FsmState.STARTING;
import static io.pptp2wg.ppp.fsm.FsmState.STOPPED;
import static io.pptp2wg.ppp.fsm.FsmState.STOPPING;
import static io.pptp2wg.ppp.fsm.FsmTransition.to;

import java.util.Optional;

/**
 * The RFC 1661 §4.1 state transition table, cell by cell. An empty result is the RFC's "-": the event
 * cannot happen in that state (for example a packet while the lower layer is down) and is ignored.
 * The optional "r" (restart), "p" (passive) and "x" (crossed) variants take the plain transition.
 */
public final class FsmTable {
    private FsmTable() {}

    public static Optional<FsmTransition> lookup(FsmState state, FsmEvent event) {
        return Optional.ofNullable(cell(state, event));
    }

    private static FsmTransition cell(FsmState s, FsmEvent e) {
        return switch (e) {
            case UP -> switch (s) {
                case INITIAL -> to(CLOSED);
                case STARTING -> to(REQ_SENT, IRC, SCR);
                default -> null;
            };
            case DOWN -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED, CLOSING -> to(INITIAL);
                case STOPPED -> to(STARTING, TLS);
                case STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> to(STARTING);
                case OPENED -> to(STARTING, TLD);
            };
            case OPEN -> switch (s) {
                case INITIAL -> to(STARTING, TLS);
                case STARTING -> to(STARTING);
                case CLOSED -> to(REQ_SENT, IRC, SCR);
                case STOPPED -> to(STOPPED);
                case CLOSING, STOPPING -> to(STOPPING);
                case REQ_SENT, ACK_RCVD, ACK_SENT, OPENED -> to(s);
            };
            case CLOSE -> switch (s) {
                case INITIAL -> to(INITIAL);
                case STARTING -> to(INITIAL, TLF);
                case CLOSED, STOPPED -> to(CLOSED);
                case CLOSING, STOPPING -> to(CLOSING);
                case REQ_SENT, ACK_RCVD, ACK_SENT -> to(CLOSING, IRC, STR);
                case OPENED -> to(CLOSING, TLD, IRC, STR);
            };
            case TO_PLUS -> switch (s) {
                case CLOSING, STOPPING -> to(s, STR);
                case REQ_SENT, ACK_RCVD -> to(REQ_SENT, SCR);
                case ACK_SENT -> to(ACK_SENT, SCR);
                default -> null;
            };
            case TO_MINUS -> switch (s) {
                case CLOSING -> to(CLOSED, TLF);
                case STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> to(STOPPED, TLF);
                default -> null;
            };
            case RCR_PLUS -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED -> to(CLOSED, STA);
                case STOPPED -> to(ACK_SENT, IRC, SCR, SCA);
                case CLOSING, STOPPING -> to(s);
                case REQ_SENT, ACK_SENT -> to(ACK_SENT, SCA);
                case ACK_RCVD -> to(OPENED, SCA, TLU);
                case OPENED -> to(ACK_SENT, TLD, SCR, SCA);
            };
            case RCR_MINUS -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED -> to(CLOSED, STA);
                case STOPPED -> to(REQ_SENT, IRC, SCR, SCN);
                case CLOSING, STOPPING -> to(s);
                case REQ_SENT, ACK_SENT -> to(REQ_SENT, SCN);
                case ACK_RCVD -> to(ACK_RCVD, SCN);
                case OPENED -> to(REQ_SENT, TLD, SCR, SCN);
            };
            case RCA -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED, STOPPED -> to(s, STA);
                case CLOSING, STOPPING -> to(s);
                case REQ_SENT -> to(ACK_RCVD, IRC);
                case ACK_RCVD -> to(REQ_SENT, SCR);
                case ACK_SENT -> to(OPENED, IRC, TLU);
                case OPENED -> to(REQ_SENT, TLD, SCR);
            };
            case RCN -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED, STOPPED -> to(s, STA);
                case CLOSING, STOPPING -> to(s);
                case REQ_SENT -> to(REQ_SENT, IRC, SCR);
                case ACK_RCVD -> to(REQ_SENT, SCR);
                case ACK_SENT -> to(ACK_SENT, IRC, SCR);
                case OPENED -> to(REQ_SENT, TLD, SCR);
            };
            case RTR -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED, STOPPED, CLOSING, STOPPING -> to(s, STA);
                case REQ_SENT, ACK_RCVD, ACK_SENT -> to(REQ_SENT, STA);
                case OPENED -> to(STOPPING, TLD, ZRC, STA);
            };
            case RTA -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED, STOPPED -> to(s);
                case CLOSING -> to(CLOSED, TLF);
                case STOPPING -> to(STOPPED, TLF);
                case REQ_SENT, ACK_RCVD -> to(REQ_SENT);
                case ACK_SENT -> to(ACK_SENT);
                case OPENED -> to(REQ_SENT, TLD, SCR);
            };
            case RUC -> switch (s) {
                case INITIAL, STARTING -> null;
                default -> to(s, SCJ);
            };
            case RXJ_PLUS -> switch (s) {
                case INITIAL, STARTING -> null;
                case ACK_RCVD -> to(ACK_RCVD);
                default -> to(s);
            };
            case RXJ_MINUS -> switch (s) {
                case INITIAL, STARTING -> null;
                case CLOSED, CLOSING -> to(CLOSED, TLF);
                case STOPPED, STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> to(STOPPED, TLF);
                case OPENED -> to(STOPPING, TLD, IRC, STR);
            };
            case RXR -> switch (s) {
                case INITIAL, STARTING -> null;
                case OPENED -> to(OPENED, SER);
                default -> to(s);
            };
        };
    }
}
