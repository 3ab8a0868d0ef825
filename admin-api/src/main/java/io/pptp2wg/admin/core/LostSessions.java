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
final class LostSessions {
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);

    private LostSessions() {}

    static void close(EventDao dao, CheckpointDao checkpoints, String bootId) {
        Map<CheckpointDao.SessionKey, Checkpoints.Checkpoint> last = checkpoints.ofEarlierRuns(bootId);
        Map<String, Instant> lastEvent = new HashMap<>();
        List<StoredEvent> lost = new ArrayList<>();
        for (StoredEvent login : dao.unfinishedSessions(bootId)) {
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
            String reason = c == null
                    ? "the gateway stopped while the session was up (logout not recorded, no byte checkpoint)"
                    : "the gateway stopped while the session was up (logout not recorded): bytes as of its last checkpoint";
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
        checkpoints.forgetEarlierRuns(bootId);
    }
}
