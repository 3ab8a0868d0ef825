#!/usr/bin/env bash
# The whole-run benchmark (issue 7), on this machine, as root:
#
#   load generator (netns lg) --veth-- gateway jar, per-user mode (netns gw) --veth-- wireguard-go backend (netns wb)
#   203.0.113.2,.3/28                   203.0.113.1/28 | 203.0.113.17/28          203.0.113.18/28, UDP 51820, 4 MiB
#                                                                                 buffers, tunnel address 203.0.113.30,
#                                                                                 one peer per user (wg addconf)
#
# and in the same run wireguard-go <-> wireguard-go (netns ra, rb) with iperf3, 10,000 WireGuard identities on our
# socket handshaking with a wireguard-go that holds them as peers without AllowedIPs (netns id, ib), and the JMH
# per-packet benchmarks (tools/path-bench.sh). Prints ONE table (and keeps every run's JSON and log).
#
# Phases: churned set-ups (each counted once its first echo came back through the backend: the user's WireGuard
# handshake included); heap and RSS per session with every address in use; TCP throughput (iperf3 over TCP_STREAMS
# sessions, each way) with the gateway's and the backend's CPU per GB; added latency at half that throughput
# (1400-byte echoes from every session, a 1200-byte probe session captured on both of the gateway's interfaces);
# optionally a hold of --hold-minutes with traffic.
#
# Every user has a tunnel address from the three documentation /24s (731 of them: 192.0.2.1-254, 198.51.100.1-254,
# 203.0.113.32-254); nothing else is addressed, no namespace has a route out, every loop is bounded, every process
# is stopped by its PID and every namespace deleted on exit.
#
#   tools/bench.sh [--sessions N] [--setups N] [--max-pending N] [--warmup N] [--duration S] [--tcp-streams N]
#                  [--hold-minutes M] [--identities N] [--identity-rate R] [--skip-reference] [--skip-identities]
#                  [--skip-jmh] [--jfr] [--out DIR] [--login-before-ipcp true|false] [--setups-only]
#
# --login-before-ipcp sets storage.loginStoredBeforeIpcp (default: the gateway's default, true); --setups-only stops
# after phase 1 (the set-up rate) and prints its load generator table (before/after runs of a set-up change).
#
# --jfr records the gateway with JDK Flight Recorder (settings=profile) during the set-up run and the forward TCP
# run and writes, next to the recordings, each one's hottest methods by CPU time (JEP 509's sampler, native code and
# so system calls included) and by execution samples, and the native frames threads waited in.
#
# Results in target/bench/<time>/ (or --out): table.txt, results.properties, each load generator run's JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SESSIONS=0 SETUPS=3000 MAX_PENDING=200 WARMUP=6000 DURATION=10 HOLD_MINUTES=0 IDENTITIES=10000
SKIP_REF=0 SKIP_ID=0 SKIP_JMH=0 OUT="" ID_RATE=500 TCP_STREAMS=4 JFR=0 LOGIN_BEFORE_IPCP="" SETUPS_ONLY=0
usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while (($#)); do
    case $1 in
    --sessions) SESSIONS=$2; shift ;;
    --setups) SETUPS=$2; shift ;;
    --max-pending) MAX_PENDING=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --hold-minutes) HOLD_MINUTES=$2; shift ;;
    --identities) IDENTITIES=$2; shift ;;
    --identity-rate) ID_RATE=$2; shift ;;
    --tcp-streams) TCP_STREAMS=$2; shift ;;
    --skip-reference) SKIP_REF=1 ;;
    --skip-identities) SKIP_ID=1 ;;
    --skip-jmh) SKIP_JMH=1 ;;
    --jfr) JFR=1 ;;
    --login-before-ipcp) LOGIN_BEFORE_IPCP=$2; shift ;;
    --setups-only) SETUPS_ONLY=1 ;;
    --out) OUT=$2; shift ;;
    -h | --help) usage ;;
    *) echo "bench: unknown option $1" >&2; usage ;;
    esac
    shift
done
((SESSIONS >= 0 && SESSIONS <= 731)) || { echo "--sessions 1..731 (the documentation addresses)" >&2; exit 2; }
((SESSIONS == 0)) && SESSIONS=731
((SETUPS >= 100 && SETUPS <= 60000 && DURATION >= 2 && DURATION <= 120 && HOLD_MINUTES >= 0 && HOLD_MINUTES <= 60)) ||
    { echo "--setups 100..60000, --duration 2..120, --hold-minutes 0..60" >&2; exit 2; }
((IDENTITIES >= 10 && IDENTITIES <= 60000)) || { echo "--identities 10..60000" >&2; exit 2; }
[[ -z $LOGIN_BEFORE_IPCP || $LOGIN_BEFORE_IPCP == true || $LOGIN_BEFORE_IPCP == false ]] ||
    { echo "--login-before-ipcp true|false" >&2; exit 2; }
((TCP_STREAMS >= 1 && TCP_STREAMS <= 16)) || { echo "--tcp-streams 1..16" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "bench: needs root (network namespaces, raw sockets, TUN)" >&2; exit 3; }
for t in wireguard-go wg iperf3 ip tcpdump curl mvn; do
    command -v $t >/dev/null || { echo "bench: missing $t: run tools/setup.sh" >&2; exit 3; }
done
. tools/env.sh
command -v jcmd >/dev/null || { echo "bench: missing jcmd (a full JDK 25)" >&2; exit 3; }

OUT=${OUT:-$ROOT/target/bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log() { printf '[bench %s] %s\n' "$(date -u +%T)" "$*" | tee -a "$OUT/bench.log" >&2; }

# ---------------------------------------------------------------------------------------------- build
. tools/lab.sh
lab_build bench
bench_tool() { "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" io.pptp2wg.tests.bench.BenchTool "$@"; }

# ---------------------------------------------------------------------------------------------- lab
# the namespaces, the gateway's files, the backend and the gateway: tools/lab.sh (shared with tools/soak.sh)
LAB_LOG=$OUT/bench.log
lab_init pb$(($$ % 100000))
NS_RA=$TAG-ra NS_RB=$TAG-rb NS_ID=$TAG-id
WG_RA=${TAG}ra WG_RB=${TAG}rb WG_ID=${TAG}i

MACHINE="$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB,\
 Linux $(uname -r), $("$JAVA" -version 2>&1 | head -1), wireguard-go $(dpkg-query -W -f='${Version}' wireguard-go 2>/dev/null || echo '?')"
log "machine: $MACHINE; loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$MACHINE" >"$OUT/machine.txt"
date -u +%FT%TZ >"$OUT/date.txt"

lab_topology

# ---------------------------------------------------------------------------------------------- the gateway's files
lab_gateway_files "${LOGIN_BEFORE_IPCP:+storage:
  loginStoredBeforeIpcp: $LOGIN_BEFORE_IPCP}"

# ---------------------------------------------------------------------------------------------- the backend
lab_start_backend

# ---------------------------------------------------------------------------------------------- the gateway
lab_start_gateway

loadgen() { # NAME ARGS...: one load generator run in NS_LG, JSON in $OUT/NAME.json, table in $OUT/NAME.txt
    local name=$1
    shift
    log "loadgen $name: $*"
    local rc=0
    # shellcheck disable=SC2086
    ip netns exec "$NS_LG" "$JAVA" ${LOADGEN_JAVA_OPTS:--Xmx2g} --enable-native-access=ALL-UNNAMED -cp "$CP" \
        io.pptp2wg.tests.load.LoadGenerator --server 203.0.113.1 --source 203.0.113.2,203.0.113.3 \
        --user 'u%04d' --password 'p%04d' --user-count "$USERS" --quiet --json "$OUT/$name.json" "$@" \
        >"$OUT/$name.txt" 2>"$OUT/$name.err" || rc=$?
    cat "$OUT/$name.txt" >>"$OUT/bench.log"
    return $rc
}

if [[ -n ${BENCH_HOLD_FILE:-} ]]; then # development aid: keep the lab up while the file exists (at most an hour)
    echo "NS_LG=$NS_LG NS_GW=$NS_GW NS_WB=$NS_WB GW_PID=$GW_PID WB_PID=$WB_PID TAG=$TAG CP=$CP" >"$BENCH_HOLD_FILE"
    for ((i = 0; i < 3600; i++)); do [[ -f $BENCH_HOLD_FILE ]] || break; sleep 1; done
    exit 0
fi

result() { echo "$1=$2" >>"$OUT/results.properties"; }
jget() { bench_tool get "$@"; }
result machine "$MACHINE"
result date "$(date -u +%FT%TZ)"
result gatewayJavaOpts "$GW_JAVA_OPTS"
result users "$USERS"
# the main traffic runs use u0001..u(N-1); u0731 is the latency probe's own user
MAIN=$((SESSIONS < USERS ? SESSIONS : USERS - 1))
result sessions "$MAIN"

# --jfr: a Flight Recorder profile of the gateway around one phase (jcmd attaches across the network namespace)
# (JDK 25's CPU-time sampler, JEP 509, also counts time in native code: the system calls under the FFM sockets)
jfr_start() {
    ((JFR)) || return 0
    jcmd "$GW_PID" JFR.start name="$1" settings=profile 'jdk.CPUTimeSample#enabled=true' >>"$OUT/jfr.log" 2>&1 || true
}
jfr_stop() {
    ((JFR)) || return 0
    jcmd "$GW_PID" JFR.stop name="$1" filename="$OUT/$1.jfr" >>"$OUT/jfr.log" 2>&1 || return 0
    jfr view --width 200 cpu-time-hot-methods "$OUT/$1.jfr" >"$OUT/$1-hot-methods.txt" 2>&1 || true
    jfr view --width 200 hot-methods "$OUT/$1.jfr" >>"$OUT/$1-hot-methods.txt" 2>&1 || true
    jfr view --width 200 native-methods "$OUT/$1.jfr" >"$OUT/$1-native-methods.txt" 2>&1 || true
    log "JFR $1: $OUT/$1.jfr, hottest methods in $OUT/$1-hot-methods.txt"
}

# ---------------------------------------------------------------------------------------------- 1. set-up rate
# Each session counts once its first echo to the backend's tunnel address came back (--up-probe): control +
# LCP + MS-CHAPv2 + CCP/MPPE + IPCP + the user's WireGuard handshake + one packet relayed each way; --churn
# closes it then. A warm-up run first (both JVMs' JIT compilers).
jfr_start setup
loadgen setup --sessions "$SETUPS" --calls-per-connection 10 --churn --up-probe --target 203.0.113.30 \
    --max-pending "$MAX_PENDING" --warmup "$WARMUP" --setup-timeout 30 --watch-pid "$GW_PID,$WB_PID" || true
jfr_stop setup
if ((SETUPS_ONLY)); then
    result loginRecordTimeouts "$(metric 'pptp2wg_pptp_session_events_total{event="login_record_timeouts"}')"
    cat "$OUT/setup.txt"
    log "login_record_timeouts $(metric 'pptp2wg_pptp_session_events_total{event="login_record_timeouts"}')"
    exit 0
fi

# ---------------------------------------------------------------------------------------------- 2. heap per session
sleep 2
HEAP_IDLE=$(gw_heap_kib)
RSS_IDLE=$(rss_kib "$GW_PID")
result heapIdleKiB "$HEAP_IDLE"
result rssIdleKiB "$RSS_IDLE"
log "gateway idle: heap ${HEAP_IDLE} KiB used after GC, RSS ${RSS_IDLE} KiB"
# every session up (and its identity handshaken) and idle; measured while the load generator holds them
loadgen held --sessions "$MAIN" --user-count "$MAIN" --calls-per-connection 10 --traffic none --up-probe \
    --target 203.0.113.30 --hold 30 --setup-timeout 30 &
HELD_PID=$!
for ((i = 0; i < 120; i++)); do
    [[ $(metric pptp2wg_wireguard_identities) -ge $MAIN ]] 2>/dev/null && break
    sleep 0.5
done
sleep 3
HEAP_HELD=$(gw_heap_kib)
RSS_HELD=$(rss_kib "$GW_PID")
IDS_HELD=$(metric pptp2wg_wireguard_identities)
wait "$HELD_PID" || true
result heapHeldKiB "$HEAP_HELD"
result rssHeldKiB "$RSS_HELD"
result identitiesHeld "$IDS_HELD"
log "gateway with $IDS_HELD sessions up: heap ${HEAP_HELD} KiB, RSS ${RSS_HELD} KiB"

# ---------------------------------------------------------------------------------------------- 3. throughput
# TCP through the whole chain, as through wireguard-go <-> wireguard-go below: iperf3 over TCP_STREAMS sessions (a TUN
# device each in the load generator's namespace, MSS clamped to 1360: 1400-byte packets) to iperf3 servers on the
# backend's tunnel address, each way. The gateway's relay counters give the IP bytes it carried (both directions).
relay_bytes() { gw_curl /prometheus | awk '$1 ~ /^pptp2wg_relay_bytes_total/ {s += $2} END {printf "%.0f", s}'; }
relay_packets() { gw_curl /prometheus | awk '$1 ~ /^pptp2wg_relay_packets_total/ {s += $2} END {printf "%.0f", s}'; }
# packets relayed toward a client and then dropped because the client's GRE window stayed full: not delivered
window_drops() { local v; v=$(metric 'pptp2wg_gre_total{event="window_full_drops"}'); echo "${v:-0}" | awk '{printf "%.0f", $1}'; }
for ((p = 0; p < TCP_STREAMS; p++)); do
    ip netns exec "$NS_WB" iperf3 -s -B 203.0.113.30 -p $((5201 + p)) >"$OUT/iperf3-backend-$p.log" 2>&1 &
    PIDS+=($!)
done
for ((i = 0; i < 100; i++)); do
    [[ $(ip netns exec "$NS_WB" ss -Hltn | grep -c ':52[0-9][0-9] ') -ge $TCP_STREAMS ]] && break
    sleep 0.05
done
tcp_run() { # NAME [--iperf-reverse]
    local name=$1 b0 b1 p0 p1 w0 w1
    shift
    b0=$(relay_bytes) p0=$(relay_packets) w0=$(window_drops)
    loadgen "$name" --sessions "$TCP_STREAMS" --user-count "$MAIN" --calls-per-connection 1 --traffic none \
        --tcp "$TCP_STREAMS" --iperf-target 203.0.113.30 --duration "$DURATION" --up-probe --target 203.0.113.30 \
        --watch-pid "$GW_PID,$WB_PID" "$@" || true
    b1=$(relay_bytes) p1=$(relay_packets) w1=$(window_drops)
    result "$name.relayedBytes" $((b1 - b0))
    result "$name.relayedPackets" $((p1 - p0))
    result "$name.windowDropped" $((w1 - w0))
    log "$name: $(grep -h 'tcp lgtun' "$OUT/$name.txt" | awk '{s += $(NF-3)} END {printf "%.0f Mbit/s", s}') received," \
        "$(((b1 - b0) / 1000000)) MB relayed"
}
tcp_run tcp-warmup
jfr_start tcp-forward
tcp_run tcp-forward
jfr_stop tcp-forward
tcp_run tcp-reverse --iperf-reverse
MAX_BPS=$(awk -F= '/^tcp-(forward|reverse).relayedBytes=/ {if ($2 > m) m = $2} END {printf "%.0f", m}' "$OUT/results.properties")
MAX_BPS=$((MAX_BPS / DURATION))
result maxRelayedBytesPerSecond "$MAX_BPS"

# ---------------------------------------------------------------------------------------------- 4. latency
# One probe session (user u0731, 1200-byte echoes to the backend, 200/s: a size nothing else has) whose packets
# are captured on both of the gateway's interfaces with kernel timestamps: the time each spends in the gateway.
# Measured alone (the floor), and under TCP at half the maximum measured above (iperf3 -b over the same sessions).
probe() { # NAME: the probe for DURATION - 2 s; its latency in NAME.json
    local name=$1 t1 t2 t3 t4
    ip netns exec "$NS_GW" tcpdump -i "${TAG}g" -n -s 64 -U --immediate-mode --time-stamp-precision=nano \
        -w "$OUT/$name-gre.pcap" 'ip proto 47 and ip[2:2] >= 1230 and ip[2:2] <= 1260' 2>"$OUT/$name-tcpdump-gre.log" &
    t1=$!
    PIDS+=("$t1")
    ip netns exec "$NS_GW" tcpdump -i "${TAG}h" -n -s 64 -U --immediate-mode --time-stamp-precision=nano \
        -w "$OUT/$name-udp.pcap" 'udp and ip[2:2] == 1260' 2>"$OUT/$name-tcpdump-udp.log" &
    t2=$!
    PIDS+=("$t2")
    # the same probes through the backend's wireguard-go: encrypted on its veth, in clear on its TUN device
    ip netns exec "$NS_WB" tcpdump -i "${TAG}w" -n -s 64 -U --immediate-mode --time-stamp-precision=nano \
        -w "$OUT/$name-wb-udp.pcap" 'udp and ip[2:2] == 1260' 2>"$OUT/$name-tcpdump-wb-udp.log" &
    t3=$!
    PIDS+=("$t3")
    ip netns exec "$NS_WB" tcpdump -i "$WG_B" -n -s 64 -U --immediate-mode --time-stamp-precision=nano \
        -w "$OUT/$name-wb-tun.pcap" 'ip[2:2] == 1200' 2>"$OUT/$name-tcpdump-wb-tun.log" &
    t4=$!
    PIDS+=("$t4")
    sleep 1
    ip netns exec "$NS_LG" "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$CP" io.pptp2wg.tests.load.LoadGenerator \
        --server 203.0.113.1 --source 203.0.113.2 --user u0731 --password p0731 --sessions 1 --traffic icmp --size 1200 \
        --rate 200 --duration "$((DURATION - 2))" --target 203.0.113.30 --up-probe --quiet --json "$OUT/$name-probe.json" \
        >"$OUT/$name-probe.txt" 2>"$OUT/$name-probe.err" || true
    sleep 0.5
    kill -INT "$t1" "$t2" "$t3" "$t4" 2>/dev/null || true
    wait "$t1" "$t2" "$t3" "$t4" 2>/dev/null || true
    bench_tool latency "$OUT/$name-gre.pcap" "$OUT/$name-udp.pcap" 203.0.113.1 203.0.113.17 "$OUT/$name.json" >/dev/null
    bench_tool latency-tun "$OUT/$name-wb-udp.pcap" "$OUT/$name-wb-tun.pcap" 203.0.113.18 203.0.113.30 \
        "$OUT/$name-wireguard-go.json" >/dev/null || true
    log "$name: $(tr -d '\n ' <"$OUT/$name.json")"
}
probe latency-idle
FWD_MBPS=0
for ((p = 0; p < TCP_STREAMS; p++)); do
    FWD_MBPS=$(awk -v a="$FWD_MBPS" -v b="$(jget "$OUT/tcp-forward.json" "tcp.$p.receivedMbps")" 'BEGIN {printf "%.0f", a + b}')
done
HALF_BPS=$((FWD_MBPS * 1000000 / 2 / TCP_STREAMS))
result halfBitsPerSecondPerStream "$HALF_BPS"
loadgen half --sessions "$TCP_STREAMS" --user-count "$MAIN" --calls-per-connection 1 --traffic none \
    --tcp "$TCP_STREAMS" --iperf-target 203.0.113.30 --iperf-bitrate "$HALF_BPS" --duration $((DURATION + 6)) \
    --up-probe --target 203.0.113.30 --watch-pid "$GW_PID,$WB_PID" &
HALF_PID=$!
sleep 4 # the sessions are up and iperf3 runs
probe latency
wait "$HALF_PID" || true

# every session at once, 1400-byte echoes at 4/s each (many small flows: more wake-ups per packet than bulk TCP)
loadgen many --sessions "$MAIN" --user-count "$MAIN" --calls-per-connection 10 --traffic icmp --size 1400 --rate 4 \
    --duration "$DURATION" --target 203.0.113.30 --up-probe --watch-pid "$GW_PID,$WB_PID" || true

# ---------------------------------------------------------------------------------------------- 5. hold (optional)
if ((HOLD_MINUTES > 0)); then
    loadgen hold --sessions "$MAIN" --user-count "$MAIN" --calls-per-connection 10 --traffic icmp --size 1400 \
        --rate 2 --duration $((HOLD_MINUTES * 60)) --target 203.0.113.30 --up-probe --watch-pid "$GW_PID,$WB_PID" &
    HOLD_PID=$!
    : >"$OUT/hold-heap.txt"
    for ((m = 0; m <= HOLD_MINUTES * 2 + 4; m++)); do
        kill -0 "$HOLD_PID" 2>/dev/null || break
        sleep 30
        echo "$(date -u +%T) heap $(gw_heap_kib) KiB rss $(rss_kib "$GW_PID") KiB identities $(metric pptp2wg_wireguard_identities)" \
            >>"$OUT/hold-heap.txt"
    done
    wait "$HOLD_PID" || true
    result holdMinutes "$HOLD_MINUTES"
fi
GW_LOG_ERRORS=$(grep -c '^ERROR' "$OUT/gateway.log" || true)
result gatewayLogErrors "$GW_LOG_ERRORS"

# ---------------------------------------------------------------------------------------------- 6. wireguard-go <-> wireguard-go
if ((SKIP_REF == 0)); then
    netns "$NS_RA"
    netns "$NS_RB"
    veth "$NS_RA" "${TAG}x" 192.0.2.1/24 "$NS_RB" "${TAG}y" 192.0.2.2/24
    RA_PID=$(start_wireguard_go "$NS_RA" "$WG_RA" 51820)
    RB_PID=$(start_wireguard_go "$NS_RB" "$WG_RB" 51820)
    PIDS+=("$RA_PID" "$RB_PID") WG_IFACES+=("$WG_RA" "$WG_RB") # (started in a subshell)
    ip netns exec "$NS_RA" wg set "$WG_RA" peer "$(wg pubkey <"$OUT/$WG_RB.key")" endpoint 192.0.2.2:51820 allowed-ips 198.51.100.2/32
    ip netns exec "$NS_RB" wg set "$WG_RB" peer "$(wg pubkey <"$OUT/$WG_RA.key")" endpoint 192.0.2.1:51820 allowed-ips 198.51.100.1/32
    ip -n "$NS_RA" addr add 198.51.100.1/24 dev "$WG_RA" && ip -n "$NS_RA" link set "$WG_RA" mtu 1420 up
    ip -n "$NS_RB" addr add 198.51.100.2/24 dev "$WG_RB" && ip -n "$NS_RB" link set "$WG_RB" mtu 1420 up
    sockbuf "$RA_PID"
    sockbuf "$RB_PID"
    ip netns exec "$NS_RB" iperf3 -s -B 198.51.100.2 -p 5201 >"$OUT/iperf3-server.log" 2>&1 &
    PIDS+=($!)
    for ((i = 0; i < 100; i++)); do ip netns exec "$NS_RB" ss -Hltn 'sport = :5201' | grep -q . && break; sleep 0.05; done
    ip netns exec "$NS_RA" ping -q -c 2 -W 2 198.51.100.2 >/dev/null || true
    for dir in forward reverse; do
        R=()
        [[ $dir == reverse ]] && R=(-R)
        a0=$(ticks "$RA_PID") b0=$(ticks "$RB_PID")
        timeout $((DURATION + 30)) ip netns exec "$NS_RA" iperf3 -c 198.51.100.2 -p 5201 -t "$DURATION" "${R[@]}" -J \
            >"$OUT/ref-$dir.json" || true
        a1=$(ticks "$RA_PID") b1=$(ticks "$RB_PID")
        result "ref.$dir.cpuSeconds" "$(awk -v t=$((a1 - a0 + b1 - b0)) -v hz="$HZ" 'BEGIN {print t / hz}')"
        log "wireguard-go <-> wireguard-go $dir: $(jget "$OUT/ref-$dir.json" end.sum_received.bits_per_second) bit/s"
    done
fi

# ---------------------------------------------------------------------------------------------- 7. identities
if ((SKIP_ID == 0)); then
    netns "$NS_ID"
    NS_IDB=$TAG-ib
    netns "$NS_IDB"
    veth "$NS_ID" "${TAG}p" 192.0.2.1/24 "$NS_IDB" "${TAG}q" 192.0.2.2/24
    IDB_PID=$(start_wireguard_go "$NS_IDB" "$WG_ID" 51820)
    PIDS+=("$IDB_PID") WG_IFACES+=("$WG_ID")
    ip -n "$NS_IDB" link set "$WG_ID" up
    sockbuf "$IDB_PID"
    log "identities: $IDENTITIES key pairs"
    "$JAVA" -cp "$CP" io.pptp2wg.tests.bench.IdentityScale keys "$IDENTITIES" "$OUT/identities.keys" "$OUT/identities.peers"
    ip netns exec "$NS_IDB" wg addconf "$WG_ID" "$OUT/identities.peers"
    log "identities: wireguard-go holds $(ip netns exec "$NS_IDB" wg show "$WG_ID" peers | wc -l) peers"
    ip netns exec "$NS_ID" "$JAVA" ${GW_JAVA_OPTS} --enable-native-access=ALL-UNNAMED -cp "$CP" \
        io.pptp2wg.tests.bench.IdentityScale run --keys "$OUT/identities.keys" --backend "$(wg pubkey <"$OUT/$WG_ID.key")" \
        --endpoint 192.0.2.2:51820 --bind 192.0.2.1 --rate "$ID_RATE" --timeout 180 --json "$OUT/identities.json" \
        >"$OUT/identities.txt" 2>"$OUT/identities.err" || true
    result identities.wireguardGoRssKiB "$(rss_kib "$IDB_PID")"
    log "identities: $(tr -d '\n ' <"$OUT/identities.json" 2>/dev/null | cut -c1-300)"
fi

# ---------------------------------------------------------------------------------------------- 8. JMH
if ((SKIP_JMH == 0)); then
    log "JMH: the per-packet path beside the crypto alone (tools/path-bench.sh)"
    tools/path-bench.sh --out "$OUT/jmh" >"$OUT/jmh.txt" 2>&1 || true
    cp "$OUT/jmh/jmh-summary.json" "$OUT/jmh-summary.json" 2>/dev/null || true
    cat "$OUT/jmh.txt" >>"$OUT/bench.log"
fi

# ---------------------------------------------------------------------------------------------- the table
bench_tool table "$OUT" | tee "$OUT/table.txt"
