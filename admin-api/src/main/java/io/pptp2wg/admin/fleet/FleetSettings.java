package io.pptp2wg.admin.fleet;

import java.time.Duration;

/**
 * This node in the fleet: its name and the timing that every node should share.
 *
 * @param enabled           several gateways share the (PostgreSQL) database
 * @param node              this node's name
 * @param heartbeatInterval how often the node writes its heartbeat, polls its disconnect requests and reaps
 * @param lostAfter         a node silent for longer than this has its sessions recorded LOST by another node
 */
public record FleetSettings(boolean enabled, String node, Duration heartbeatInterval, Duration lostAfter) {
    /** A single gateway (the default): nothing is shared beyond what one process keeps in the database. */
    public static FleetSettings single(String node) {
        return new FleetSettings(false, node, Duration.ofSeconds(1), Duration.ofSeconds(15));
    }
}
