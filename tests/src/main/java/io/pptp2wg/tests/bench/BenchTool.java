package io.pptp2wg.tests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pptp2wg.config.Ipv4;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The helpers tools/bench.sh calls (it is a shell script; these are the parts a shell does badly):
 * <pre>
 *   BenchTool get FILE.json PATH             one value of a JSON file (PATH: a.b.0.c), nothing if absent
 *   BenchTool latency CLIENT.pcap BACKEND.pcap GATEWAY_CLIENT_ADDR GATEWAY_BACKEND_ADDR OUT.json
 *   BenchTool latency-tun UDP.pcap TUN.pcap UDP_ADDR TUNNEL_ADDR OUT.json   the same through a wireguard-go
 *   BenchTool jmh JMH.json SUMMARY.json      RelayPathBenchmark's ratios to the crypto bound (and the summary)
 *   BenchTool table DIR                       the run's one table, from DIR's results
 * </pre>
 */
public final class BenchTool {
    private BenchTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("get")) {
            JsonNode n = new ObjectMapper().readTree(Path.of(args[1]).toFile());
            for (String part : args[2].split("\\.")) {
                n = n == null ? null : part.matches("\\d+") ? n.get(Integer.parseInt(part)) : n.get(part);
            }
            if (n != null && !n.isNull()) {
                System.out.println(n.isValueNode() ? n.asText() : n.toString());
            }
            return;
        }
        if (args.length == 6 && args[0].equals("latency")) {
            Map<String, Object> r = PacketLatency.analyse(Path.of(args[1]), Path.of(args[2]), address(args[3]),
                    address(args[4]));
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r);
            Files.writeString(Path.of(args[5]), json + "\n");
            System.out.println(json);
            return;
        }
        if (args.length == 6 && args[0].equals("latency-tun")) {
            Map<String, Object> r = PacketLatency.analyseTunEndpoint(Path.of(args[1]), Path.of(args[2]), address(args[3]),
                    address(args[4]));
            Files.writeString(Path.of(args[5]), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(r) + "\n");
            return;
        }
        if (args.length == 3 && args[0].equals("jmh")) {
            System.out.print(JmhSummary.summarise(Path.of(args[1]), Path.of(args[2])));
            return;
        }
        if (args.length == 2 && args[0].equals("table")) {
            System.out.print(BenchTable.of(Path.of(args[1])).text());
            return;
        }
        System.err.println("usage: BenchTool get FILE PATH | latency CLIENT.pcap BACKEND.pcap GW_CLIENT GW_BACKEND OUT.json"
                + " | jmh JMH.json SUMMARY.json | table DIR");
        System.exit(2);
    }

    private static int address(String s) {
        return (int) Ipv4.parse(s).orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: " + s));
    }
}
