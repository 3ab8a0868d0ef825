#!/usr/bin/env bash
# One benchmark run, on this machine, of
#   (1) our WireGuard core (JMH: AEAD seal/open per 1420-byte packet, our send and receive paths, handshakes/s), and
#   (2) wireguard-go's own throughput: iperf3 TCP through wireguard-go <-> wireguard-go in two network namespaces
#       this script creates (4 MiB UDP socket buffers forced on both), with the CPU both wireguard-go used,
# so the two can be set side by side. As root. Only 192.0.2.0/24 and 198.51.100.0/24 inside the namespaces, no
# route out; every process is stopped by its PID and the namespaces deleted on exit.
#   bridge/src/jmh/bench.sh [--time SECONDS] [--skip-jmh] [--skip-wireguard-go]   (results in bridge/target/bench/)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
T=10 JMH=1 WGGO=1
while (($#)); do
    case $1 in
    --time) T=$2; shift ;;
    --skip-jmh) JMH=0 ;;
    --skip-wireguard-go) WGGO=0 ;;
    *) echo "usage: $0 [--time S] [--skip-jmh] [--skip-wireguard-go]" >&2; exit 2 ;;
    esac
    shift
done
((T >= 1 && T <= 60)) || { echo "--time 1..60" >&2; exit 2; }
. tools/env.sh
OUT=$ROOT/bridge/target/bench
mkdir -p "$OUT"
echo "machine: $(nproc) CPUs, $(uname -r), $(java -version 2>&1 | head -1), loadavg $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

if ((JMH)); then
    mvn -B -ntp -q -pl bridge -am -Pjmh verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
        -Djmh.args="-prof gc -rf json -rff $OUT/jmh.json" >"$OUT/jmh.log" 2>&1 || { tail -40 "$OUT/jmh.log"; exit 1; }
    python3 - "$OUT/jmh.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print(f"{'JMH benchmark (one thread)':<48} {'ops/s':>12} {'MB/s':>14} {'B/op':>8}")
for r in rows:
    name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
    score = r["primaryMetric"]["score"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", float("nan"))
    size = int(r.get("params", {}).get("size", 0))
    if size:
        name += f" [{size} B]"
    mbs = f"{score * size / 1e6:14.0f}" if size else " " * 14
    print(f"{name:<48} {score:12.0f} {mbs} {alloc:8.0f}")
PY
fi

if ((WGGO)); then
    [[ $(id -u) == 0 ]] || { echo "the wireguard-go part needs root" >&2; exit 3; }
    for t in wireguard-go wg iperf3 ip; do command -v $t >/dev/null || { echo "missing $t: run tools/setup.sh" >&2; exit 3; }; done
    TAG=pwgb$(($$ % 10000))
    NA=$TAG-a NB=$TAG-b IA=${TAG}a IB=${TAG}b
    PIDS=()
    cleanup() {
        set +e
        for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
        sleep 0.3
        for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
        ip netns del "$NA" 2>/dev/null
        ip netns del "$NB" 2>/dev/null
        rm -f "/var/run/wireguard/$IA.sock" "/var/run/wireguard/$IB.sock"
    }
    trap cleanup EXIT
    for ns in "$NA" "$NB"; do
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
    ip -n "$NA" link add va type veth peer name vb netns "$NB"
    ip -n "$NA" addr add 192.0.2.1/24 dev va && ip -n "$NA" link set va up
    ip -n "$NB" addr add 192.0.2.2/24 dev vb && ip -n "$NB" link set vb up
    KA=$(wg genkey) KB=$(wg genkey)
    start_wg() { # NS IFACE PRIVKEY PORT ADDR PEERPUB PEERENDPOINT PEERALLOWED
        local f=$OUT/$2.key
        (umask 077 && echo "$3" >"$f")
        LOG_LEVEL=error ip netns exec "$1" wireguard-go -f "$2" >"$OUT/$2.log" 2>&1 &
        PIDS+=($!)
        local i
        for ((i = 0; i < 200; i++)); do [[ -S /var/run/wireguard/$2.sock ]] && break; sleep 0.05; done
        ip netns exec "$1" wg set "$2" private-key "$f" listen-port "$4" peer "$6" endpoint "$7" allowed-ips "$8"
        ip -n "$1" addr add "$5" dev "$2"
        ip -n "$1" link set "$2" mtu 1420 up
        java --enable-native-access=ALL-UNNAMED "$ROOT/bridge/src/jmh/SockBuf.java" "${PIDS[-1]}" $((4 << 20))
    }
    start_wg "$NA" "$IA" "$KA" 51820 198.51.100.1/24 "$(echo "$KB" | wg pubkey)" 192.0.2.2:51820 198.51.100.2/32
    PA=${PIDS[-1]}
    start_wg "$NB" "$IB" "$KB" 51820 198.51.100.2/24 "$(echo "$KA" | wg pubkey)" 192.0.2.1:51820 198.51.100.1/32
    PB=${PIDS[-1]}
    ip netns exec "$NB" iperf3 -s -B 198.51.100.2 -p 5201 >"$OUT/iperf3-server.log" 2>&1 &
    PIDS+=($!)
    for ((i = 0; i < 100; i++)); do ip netns exec "$NB" ss -Hltn 'sport = :5201' | grep -q . && break; sleep 0.05; done
    ip netns exec "$NA" ping -q -c 2 -W 2 198.51.100.2 >/dev/null
    ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
    HZ=$(getconf CLK_TCK)
    echo
    printf '%-40s %10s %14s %18s\n' "wireguard-go <-> wireguard-go (iperf3)" "Mbit/s" "CPU-s (both)" "CPU-s per GB"
    for dir in forward reverse; do
        R=(); [[ $dir == reverse ]] && R=(-R)
        a0=$(ticks "$PA") b0=$(ticks "$PB")
        timeout $((T + 30)) ip netns exec "$NA" iperf3 -c 198.51.100.2 -p 5201 -t "$T" "${R[@]}" -J >"$OUT/iperf3-$dir.json"
        a1=$(ticks "$PA") b1=$(ticks "$PB")
        python3 - "$OUT/iperf3-$dir.json" "$dir" $((a1 - a0 + b1 - b0)) "$HZ" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["end"]["sum_received"]
cpu = int(sys.argv[3]) / float(sys.argv[4])
gb = j["bytes"] / 1e9
print(f"{sys.argv[2]:<40} {j['bits_per_second'] / 1e6:10.0f} {cpu:14.2f} {cpu / gb if gb else 0:18.2f}")
PY
    done
fi
