package io.pptp2wg.gateway;

import io.pptp2wg.gateway.gre.CallTable;
import io.pptp2wg.pptp.control.CallControl.Admission;
import io.pptp2wg.pptp.control.ControlProtocol;
import io.pptp2wg.session.ClientFingerprint;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether an Outgoing-Call-Request gets a call: pptpd's {@code connections} limit on calls at once (all clients
 * together, as pptpd counts its pppd children), then a Call ID of the loop's residue from the {@link CallTable}.
 * A call admitted here is {@link #released} exactly once, when it ends. Thread-safe (every loop admits).
 */
final class CallAdmission {
    private final int limit;
    private final CallTable callTable;
    private final GatewayStats stats;
    private final SessionReports reports;
    private final AtomicInteger live;
    /** Residues the Call IDs are given out in (one per loop with its own GRE socket; 1 with one socket). */
    private volatile int lanes = 1;

    /** {@code live}: the count of calls at once, which the admission keeps (the gateway's stats show it). */
    CallAdmission(int limit, CallTable callTable, GatewayStats stats, SessionReports reports, AtomicInteger live) {
        this.live = live;
        this.limit = limit;
        this.callTable = callTable;
        this.stats = stats;
        this.reports = reports;
    }

    /** Set once at start: each of {@code lanes} loops reads the GRE of its own residue of Call IDs. */
    void lanes(int lanes) {
        this.lanes = lanes;
    }

    Admission admit(ClientFingerprint client, LoopResources loop) {
        if (live.incrementAndGet() > limit) {
            live.decrementAndGet();
            stats.increment(SessionCounter.CONNECTION_LIMIT_REFUSALS);
            String reason = "connections limit (" + limit + ") reached";
            reports.callRefused(client, reason);
            return new Admission.Refused(ControlProtocol.OCRP_GENERAL_ERROR, ControlProtocol.ERROR_NO_RESOURCE, reason);
        }
        int n = lanes;
        int id = callTable.reserve(loop.lane % n, n);
        if (id < 0) {
            live.decrementAndGet();
            stats.increment(SessionCounter.CALL_ID_EXHAUSTED);
            return new Admission.Refused(ControlProtocol.OCRP_GENERAL_ERROR, ControlProtocol.ERROR_BAD_CALL_ID,
                    "no Call ID left");
        }
        return new Admission.Admitted(id);
    }

    /** The call admitted with {@code callId} ended: its Call ID and its place under the limit are free again. */
    void released(int callId) {
        callTable.release(callId);
        live.decrementAndGet();
    }
}
