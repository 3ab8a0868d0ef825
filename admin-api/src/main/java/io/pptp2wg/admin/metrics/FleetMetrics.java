package io.pptp2wg.admin.metrics;

import io.pptp2wg.admin.fleet.FleetNode;
import io.pptp2wg.admin.fleet.FleetSessions;
import io.pptp2wg.admin.metrics.PrometheusText.Family;
import io.pptp2wg.admin.metrics.PrometheusText.Sample;
import io.pptp2wg.session.SessionRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import static io.pptp2wg.admin.metrics.PrometheusText.labels;

/**
 * A fleet's totals in /prometheus, written once: only by the node that reports for the fleet (the live node with the
 * smallest name), so that a sum over the nodes' scrapes counts each session and each user once. Every node's own
 * families carry its {@code node} label.
 */
public final class FleetMetrics {
    /** Families of the fleet, not of one node (the users and devices are the database's, the same on every node). */
    public static final Set<String> FLEET_WIDE = Set.of("pptp2wg_users", "pptp2wg_devices", "pptp2wg_fleet_nodes",
            "pptp2wg_fleet_sessions");

    private FleetMetrics() {}

    /** Only on the reporting node: the fleet's sessions per node and the nodes up. */
    public static Supplier<List<Family>> totals(FleetNode node, FleetSessions remote, SessionRegistry local) {
        return () -> {
            if (!node.reportsForFleet()) {
                return List.of();
            }
            Map<String, Integer> perNode = new TreeMap<>();
            perNode.put(node.name(), local.sessions().size());
            for (FleetSessions.Remote r : remote.remote()) {
                perNode.merge(r.node(), 1, Integer::sum);
            }
            node.nodesUp().forEach(n -> perNode.putIfAbsent(n.name(), 0));
            List<Sample> samples = new ArrayList<>();
            perNode.forEach((n, c) -> samples.add(new Sample(labels("node", n), c)));
            return List.of(
                    new Family("pptp2wg_fleet_nodes", "gauge", "gateway nodes up in the fleet",
                            List.of(Sample.of(node.nodesUp().size()))),
                    new Family("pptp2wg_fleet_sessions", "gauge", "PPTP sessions up in the fleet, by carrying node",
                            samples));
        };
    }

    /** The users' and devices' totals, only on the reporting node. */
    public static Supplier<List<Family>> once(FleetNode node, Supplier<List<Family>> fleetWide) {
        return () -> node.reportsForFleet() ? fleetWide.get() : List.of();
    }
}
