package io.pptp2wg.admin.fleet;

import io.pptp2wg.admin.api.StoredEvent;
import io.pptp2wg.admin.core.Checkpoints;
import io.pptp2wg.admin.db.CheckpointDao;
import io.pptp2wg.admin.db.EventDao;
import io.pptp2wg.admin.db.FleetDao.NodeRow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The live sessions of the other nodes, as the database has them: the LOGINs without an end of the runs of nodes that
 * are up, each with its last byte checkpoint. The journal commits a LOGIN within milliseconds of the session coming
 * up, so another node lists it that soon; bytes are as of the last checkpoint ({@code storage.checkpointInterval}).
 */
public final class FleetSessions {
    /** A session carried by another node. */
    public record Remote(String node, StoredEvent login, Optional<Checkpoints.Checkpoint> checkpoint) {}

    private final FleetNode node;
    private final EventDao events;

    public FleetSessions(FleetNode node, EventDao events) {
        this.node = node;
        this.events = events;
    }

    public String nodeName() {
        return node.name();
    }

    public List<Remote> remote() {
        Map<String, String> nodeOfRun = node.nodesUp().stream().filter(n -> !n.name().equals(node.name()))
                .collect(Collectors.toMap(NodeRow::bootId, NodeRow::name, (a, b) -> a));
        if (nodeOfRun.isEmpty()) {
            return List.of();
        }
        Map<CheckpointDao.SessionKey, Checkpoints.Checkpoint> checkpoints =
                events.checkpoints().ofEarlierRuns(node.bootId());
        return events.unfinishedSessions(node.bootId()).stream()
                .filter(l -> nodeOfRun.containsKey(l.bootId()))
                .map(l -> new Remote(nodeOfRun.get(l.bootId()), l, Optional.ofNullable(
                        checkpoints.get(new CheckpointDao.SessionKey(l.bootId(), l.sessionId())))))
                .toList();
    }

    /** Asks the carrying node to end its session; false when that node is not up. */
    public boolean disconnect(String nodeName, long sessionId, String reason) {
        return node.requestDisconnect(nodeName, sessionId, reason);
    }
}
