package io.pptp2wg.admin.core;

import io.pptp2wg.admin.api.EventKind;
import io.pptp2wg.admin.api.StoredEvent;
import io.pptp2wg.admin.db.CheckpointDao;
import io.pptp2wg.admin.db.EventDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * At start-up: the sessions of an earlier run that never logged out (the process was killed while they were up) are
 * closed as LOST, at the time of their last byte checkpoint (or the run's last event, if later), with its bytes.
 */
public final class LostSessions {
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);

    private LostSessions() {}

    static void close(EventDao dao, CheckpointDao checkpoints, String bootId) {
        close(dao, checkpoints, bootId, boot -> true,
                "the gateway stopped while the session was up (logout not recorded");
        checkpoints.forgetEarlierRuns(bootId);
    }

    /**
     * Closes the unfinished sessions of the runs (other than {@code bootId}) that {@code closable} names: in a fleet
     * not those of other nodes that are up, and for a node declared dead only its run.
     * @param why the reason's beginning, completed with what the bytes are
     * @return how many were closed
     */
    public static int close(EventDao dao, CheckpointDao checkpoints, String bootId,
                            java.util.function.Predicate<String> closable, String why) {
        Map<CheckpointDao.SessionKey, Checkpoints.Checkpoint> last = checkpoints.ofEarlierRuns(bootId);
        Map<String, Instant> lastEvent = new HashMap<>();
        List<StoredEvent> lost = new ArrayList<>();
        java.util.Set<String> runs = new java.util.HashSet<>();
        for (StoredEvent login : dao.unfinishedSessions(bootId)) {
            if (!closable.test(login.bootId())) {
                continue;
            }
            runs.add(login.bootId());
            Instant end = lastEvent.computeIfAbsent(login.bootId(), b -> dao.lastEventOf(b).orElse(login.at()));
            Checkpoints.Checkpoint c = last.get(new CheckpointDao.SessionKey(login.bootId(), login.sessionId()));
            if (c != null && c.at().isAfter(end)) {
                end = c.at();
            }
            if (end.isBefore(login.at())) {
                end = login.at();
            }
            Instant started = login.started() != null ? login.started() : login.at();
            Long duration = Math.max(0, Duration.between(started, end).toMillis());
            String reason = c == null ? why + ", no byte checkpoint)" : why + "): bytes as of its last checkpoint";
            lost.add(new StoredEvent(0, end, EventKind.LOST, login.bootId(), login.sessionId(), login.user(),
                    login.client(), login.tunnelAddress(), login.auth(), login.mppe(), login.started(), duration,
                    c == null ? null : c.counters().bytesFromClient(), c == null ? null : c.counters().bytesToClient(),
                    c == null ? null : c.counters().packetsFromClient(), c == null ? null : c.counters().packetsToClient(),
                    reason, login.deviceId()));
        }
        if (!lost.isEmpty()) {
            dao.insertAll(lost);
            LOG.warn("{} sessions of an earlier run had no logout (process killed?): recorded as LOST, {} with the bytes "
                    + "of their last checkpoint", lost.size(), lost.stream().filter(e -> e.bytesFromClient() != null).count());
        }
        for (CheckpointDao.SessionKey k : last.keySet()) {
            if (closable.test(k.bootId())) {
                runs.add(k.bootId());
            }
        }
        runs.forEach(checkpoints::forgetRun);
        return lost.size();
    }
}
