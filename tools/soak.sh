#!/usr/bin/env bash
# The soak (issue 17), on this machine, as root: the gateway jar (embedded H2, per-user mode) and a wireguard-go
# backend in the namespaces of tools/lab.sh (also tools/bench.sh's), for --hours N (or --minutes M), with at once:
#
#   steady    STEADY sessions (u0001..) held the whole run, each with an ICMP echo of 100 bytes a second to the
#             backend's tunnel address (through the user's own WireGuard identity), from 203.0.113.2 and .3
#   churn     logins and logouts: CHURN_RATE set-ups a second of the next CHURN_USERS users, each closed as soon as
#             its first echo came back through the backend (so its WireGuard identity is made and removed), from .4,
#             in load generator runs of 10 minutes (SOAK_CHUNK_MINUTES) one after the other (the wrong passwords too)
#   guessing  wrong passwords from .5, .6 and .7 (WRONG_RATE a second over the last 6 users): the guessing limits lock
#             those addresses out (never the users of the two runs above, never their addresses)
#   floods    every 10 minutes (minute 3, 13, ...; minute 2 in runs shorter than 10 minutes) 70 TCP connections to
#             1723 from each of .8-.12 that never send Start-Control-Connection-Request, held 15 s: the caps
#             (floods.connectionsPerSource 64, floods.halfOpen 256) and stimeout (10 s) at work
#   backend   wireguard-go stopped (SIGTERM) and started again with the same key and peers twice, at 1/3 and 2/3
#
# Together the users are all 731 documentation addresses of the pool (192.0.2.1-254, 198.51.100.1-254,
# 203.0.113.32-254). Every minute it samples the gateway: heap used after a full GC (jcmd GC.run, then
# GC.heap_info), RSS (/proc/PID/status VmRSS), open descriptors (/proc/PID/fd), threads (/proc/PID/status), CPU,
# the sessions it has up, the packets it relayed, the H2 database's size, every refusal counter of /prometheus
# (kept whole for each minute in samples/), and the steady sessions lost so far (ended by themselves: the load
# generator's --session-log). At the end it prints a table (a row a minute; every 5 minutes beyond 2 hours) and
# the verdict, and exits 1 if one of these fails:
#   - every steady session came up, and none was lost (the load generator closed every one it opened);
#   - heap after GC flat: the mean of the second half of the minutes within 5 % of the first half's;
#   - no growth of descriptors or threads: the second half's highest not above the first half's highest (for
#     descriptors plus CHURN_PENDING, the churn's control connections that may be open at a sample);
#   - no ERROR line in the gateway's log.
#
#   tools/soak.sh --hours N | --minutes M  [--steady N] [--churn-rate R] [--out DIR]
#
# Everything runs under nice -n 10. Documentation addresses only, no route out of any namespace, every loop bounded
# in count and time, every process it started stopped by its PID and every namespace deleted on exit.
# Results in target/soak/<time>/ (or --out): table.txt, samples.tsv, samples/, every run's JSON and logs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [[ -z ${SOAK_NICED:-} ]]; then # the machine is shared: everything below (and what it starts) at nice 10
    SOAK_NICED=1 exec nice -n 10 "$0" "$@"
fi

MINUTES=0 STEADY=600 CHURN_RATE=3 CHURN_PENDING=10 WRONG_RATE=0.1 OUT=""
usage() { sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while (($#)); do
    case $1 in
    --hours) MINUTES=$(($2 * 60)); shift ;;
    --minutes) MINUTES=$2; shift ;;
    --steady) STEADY=$2; shift ;;
    --churn-rate) CHURN_RATE=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h | --help) usage ;;
    *) echo "soak: unknown option $1" >&2; usage ;;
    esac
    shift
done
((MINUTES >= 3 && MINUTES <= 48 * 60)) || { echo "soak: --minutes 3..2880 (or --hours 1..48)" >&2; exit 2; }
WRONG_USERS=6
CHURN_USERS=$((731 - STEADY - WRONG_USERS))
((STEADY >= 10 && CHURN_USERS >= CHURN_PENDING * 2)) || { echo "soak: --steady 10..$((731 - WRONG_USERS - 2 * CHURN_PENDING))" >&2; exit 2; }
awk -v r="$CHURN_RATE" 'BEGIN {exit !(r > 0 && r <= 50)}' || { echo "soak: --churn-rate above 0, at most 50" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "soak: needs root (network namespaces, raw sockets)" >&2; exit 3; }
for t in wireguard-go wg ip curl mvn python3; do
    command -v $t >/dev/null || { echo "soak: missing $t: run tools/setup.sh" >&2; exit 3; }
done
. tools/env.sh
command -v jcmd >/dev/null || { echo "soak: missing jcmd (a full JDK 25)" >&2; exit 3; }

OUT=${OUT:-$ROOT/target/soak/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT/samples"
OUT=$(cd "$OUT" && pwd)
log() { printf '[soak %s] %s\n' "$(date -u +%T)" "$*" | tee -a "$OUT/soak.log" >&2; }

# ---------------------------------------------------------------------------------------------- build (once)
. tools/lab.sh
lab_build soak

# ---------------------------------------------------------------------------------------------- the lab
LAB_LOG=$OUT/soak.log
lab_init ps$(($$ % 100000))
MACHINE="$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB,\
 Linux $(uname -r), $("$JAVA" -version 2>&1 | head -1), wireguard-go $(dpkg-query -W -f='${Version}' wireguard-go 2>/dev/null || echo '?')"
log "machine: $MACHINE; loadavg $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
log "plan: $MINUTES minutes; $STEADY steady sessions at 1 echo/s; churn $CHURN_RATE/s over $CHURN_USERS users;" \
    "wrong passwords $WRONG_RATE/s from 3 addresses; floods; backend restarts at minutes $((MINUTES / 3)) and $((2 * MINUTES / 3))"
lab_topology
for a in 4 5 6 7 8 9 10 11 12; do ip -n "$NS_LG" addr add "203.0.113.$a/28" dev "${TAG}l"; done
lab_gateway_files
lab_start_backend
GW_JAVA_OPTS=${GW_JAVA_OPTS:--Xmx512m}
lab_start_gateway

# one load generator run in NS_LG in the background: NAME ARGS...; its pid in LG_PID (and in PIDS)
loadgen_bg() {
    local name=$1
    shift
    log "loadgen $name: $*"
    # shellcheck disable=SC2086
    ip netns exec "$NS_LG" "$JAVA" ${LG_HEAP:--Xmx256m} --enable-native-access=ALL-UNNAMED -cp "$CP" \
        io.pptp2wg.tests.load.LoadGenerator --server 203.0.113.1 --user 'u%04d' --quiet --json "$OUT/$name.json" "$@" \
        >"$OUT/$name.txt" 2>"$OUT/$name.err" &
    LG_PID=$!
    PIDS+=("$LG_PID")
}
SECONDS_TOTAL=$((MINUTES * 60))

# ---------------------------------------------------------------------------------------------- the steady population
# ramped at 50/s, 10 calls per control connection; traffic for the whole run and 45 s more (the last sample sees it)
LG_HEAP=-Xmx512m loadgen_bg steady --source 203.0.113.2,203.0.113.3 --password 'p%04d' --sessions "$STEADY" \
    --user-count "$STEADY" --calls-per-connection 10 --setup-rate 50 --traffic icmp --size 100 --rate 1 \
    --target 203.0.113.30 --up-probe --setup-timeout 60 --duration $((SECONDS_TOTAL + 45)) \
    --session-log "$OUT/steady-sessions.tsv"
STEADY_PID=$LG_PID
# (a label value may hold a space: the value is the line's last field)
sessions_up() { gw_curl /prometheus | awk '$1 ~ /^pptp2wg_sessions([{]|$)/ {s += $NF} END {printf "%d", s}'; }
for ((i = 0; i < 240; i++)); do
    kill -0 "$STEADY_PID" 2>/dev/null || { cat "$OUT/steady.err" >&2; echo "soak: the steady load generator exited" >&2; exit 1; }
    (($(sessions_up) >= STEADY)) && break
    sleep 0.5
done
log "steady: $(sessions_up) sessions up"
T0=$(date +%s)

# ---------------------------------------------------------------------------------------------- churn, wrong passwords
# Both in load generator runs of CHUNK minutes, one after the other until the run's end: a load generator keeps
# every session it started until it ends (one run of 10,800 churned sessions ran out of its 256 MiB after 41 minutes),
# and takes at most 65,000. Each loop is a subshell (its load generator's pid in NAME.pid), stopped with it (TERM).
CHUNK=${SOAK_CHUNK_MINUTES:-10}
chunked() { # NAME RATE ARGS...: NAME-001.json, NAME-002.json, ...
    local name=$1 rate=$2 child=0 n=0 left
    shift 2
    trap '((child)) && kill "$child" 2>/dev/null; exit 0' TERM
    while ((n < 10000)); do
        left=$((T0 + SECONDS_TOTAL - $(date +%s)))
        ((left >= 10)) || break
        ((left > CHUNK * 60)) && left=$((CHUNK * 60))
        n=$((n + 1))
        ip netns exec "$NS_LG" "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$CP" \
            io.pptp2wg.tests.load.LoadGenerator --server 203.0.113.1 --user 'u%04d' --quiet \
            --json "$OUT/$name-$(printf %03d $n).json" --setup-rate "$rate" --loops 1 \
            --sessions "$(awk -v r="$rate" -v s="$left" 'BEGIN {n = int(r * s); printf "%d", n < 1 ? 1 : n}')" "$@" \
            >"$OUT/$name-$(printf %03d $n).txt" 2>"$OUT/$name-$(printf %03d $n).err" &
        child=$!
        echo "$child" >"$OUT/$name.pid"
        wait "$child" || true
        child=0
    done
}
log "loadgen churn: $CHURN_RATE/s over u$(printf %04d $((STEADY + 1)))-u$(printf %04d $((STEADY + CHURN_USERS))) from" \
    "203.0.113.4; wrong passwords: $WRONG_RATE/s over the last $WRONG_USERS users from .5-.7; runs of $CHUNK minutes"
chunked churn "$CHURN_RATE" --source 203.0.113.4 --password 'p%04d' --user-first $((STEADY + 1)) \
    --user-count "$CHURN_USERS" --calls-per-connection 1 --churn --max-pending "$CHURN_PENDING" --up-probe \
    --target 203.0.113.30 --setup-timeout 60 &
CHURN_PID=$!
PIDS+=("$CHURN_PID")
chunked wrong "$WRONG_RATE" --source 203.0.113.5,203.0.113.6,203.0.113.7 --password 'wrong%04d' \
    --user-first $((731 - WRONG_USERS + 1)) --user-count "$WRONG_USERS" --calls-per-connection 1 --max-pending 3 \
    --traffic none --duration 0 --setup-timeout 30 &
WRONG_PID=$!
PIDS+=("$WRONG_PID")

# ---------------------------------------------------------------------------------------------- floods
# half-open TCP connections: PER from each source address, none sends a byte; held HOLD s, then closed. Bounded.
flood() { # N
    ip netns exec "$NS_LG" python3 - 203.0.113.1 203.0.113.8,203.0.113.9,203.0.113.10,203.0.113.11,203.0.113.12 70 15 \
        >>"$OUT/floods.txt" 2>&1 <<'EOF' &
import socket, sys, time
server, sources, per, hold = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), float(sys.argv[4])
socks = []
for src in sources:
    for _ in range(per):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.bind((src, 0))
        try:
            s.connect((server, 1723))
        except BlockingIOError:
            pass
        except OSError:
            pass
        socks.append(s)
time.sleep(hold)
closed = 0
for s in socks:
    try:
        if s.recv(1) == b"":
            closed += 1
    except BlockingIOError:
        pass
    except OSError:
        closed += 1
    s.close()
print(f"{time.strftime('%H:%M:%S', time.gmtime())} flood: {len(socks)} half-open connections from {len(sources)}"
      f" addresses, held {hold:.0f} s: {closed} closed by the gateway, {len(socks) - closed} still open")
EOF
    PIDS+=($!)
}

# ---------------------------------------------------------------------------------------------- every minute
# samples.tsv: minute, time, heap after GC (KiB), RSS (KiB), descriptors, threads, gateway CPU ticks, load generators'
# CPU ticks, sessions up, relayed packets, database KiB, steady sessions lost so far, steady set-up failures so far
printf '#minute\tepoch\theap_kib\trss_kib\tfds\tthreads\tgw_ticks\tlg_ticks\tsessions\trelayed\tdb_kib\tlost\tsetup_failed\n' \
    >"$OUT/samples.tsv"
declare -A LG_TICKS # each load generator's last CPU ticks read (kept once it has ended)
lg_ticks() { # sets LG_SUM (not in a subshell: LG_TICKS must keep what it read)
    local p t c
    LG_SUM=0
    if t=$(ticks "$STEADY_PID" 2>/dev/null) && [[ -n $t ]]; then LG_TICKS[steady]=$t; fi
    # the two loops: their ended load generators (cutime, cstime) and the one running now
    for p in churn wrong; do
        local loop=$CHURN_PID
        [[ $p == wrong ]] && loop=$WRONG_PID
        if t=$(sed 's/^.*) //' "/proc/$loop/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}') && [[ -n $t ]]; then
            c=$(cat "$OUT/$p.pid" 2>/dev/null || echo 0)
            if ((c > 0)) && c=$(ticks "$c" 2>/dev/null) && [[ -n $c ]]; then t=$((t + c)); fi
            LG_TICKS[$p]=$t
        fi
    done
    LG_SUM=$((${LG_TICKS[steady]:-0} + ${LG_TICKS[churn]:-0} + ${LG_TICKS[wrong]:-0}))
}
sample() { # MINUTE
    local prom="$OUT/samples/prom-$(printf %04d "$1").txt" heap lost failed
    gw_curl /prometheus >"$prom" || true
    heap=$(gw_heap_kib || echo -1)
    # a line in the steady session log before the run's end: a session that ended by itself (up: lost; never: failed)
    lost=$(awk -F'\t' '!/^#/ && $7 > 0 {n++} END {printf "%d", n}' "$OUT/steady-sessions.tsv" 2>/dev/null || echo 0)
    failed=$(awk -F'\t' '!/^#/ && $7 == 0 {n++} END {printf "%d", n}' "$OUT/steady-sessions.tsv" 2>/dev/null || echo 0)
    lg_ticks
    printf '%d\t%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$(date +%s)" "$heap" "$(rss_kib "$GW_PID")" \
        "$(find "/proc/$GW_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)" "$(awk '/^Threads:/ {print $2}' "/proc/$GW_PID/status")" \
        "$(ticks "$GW_PID")" "$LG_SUM" \
        "$(awk '$1 ~ /^pptp2wg_sessions([{]|$)/ {s += $NF} END {printf "%d", s}' "$prom")" \
        "$(awk '$1 ~ /^pptp2wg_relay_packets_total/ {s += $NF} END {printf "%.0f", s}' "$prom")" \
        "$(du -sk "$GWDIR/data" | cut -f1)" "$lost" "$failed" >>"$OUT/samples.tsv"
}
restart_backend() {
    log "backend restart: stopping wireguard-go pid $WB_PID"
    lab_stop_backend
    lab_start_backend
    echo "$(date +%s) $1" >>"$OUT/restarts.txt"
}
at() { # SECONDS: sleep until T0 + minute start + SECONDS (no-op when past)
    local d=$((T0 + m * 60 + $1 - $(date +%s)))
    ((d > 0)) && sleep "$d"
    return 0
}
R1=$((MINUTES / 3)) R2=$((2 * MINUTES / 3))
for ((m = 0; m <= MINUTES; m++)); do
    at 0
    lab_reap
    kill -0 "$GW_PID" 2>/dev/null || { log "the gateway exited"; break; }
    sample "$m"
    ((m % 10 == 0)) && log "minute $m: $(tail -1 "$OUT/samples.tsv" | tr '\t' ' ')"
    ((m == MINUTES)) && break
    if ((m % 10 == 3 || (MINUTES < 10 && m == 2))); then at 10 && flood; fi
    if ((m == R1 || m == R2)); then at 40 && restart_backend "$m"; fi
done

# ---------------------------------------------------------------------------------------------- the end
log "waiting for the load generators"
for p in "$STEADY_PID" "$CHURN_PID" "$WRONG_PID"; do
    for ((i = 0; i < 600; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$p" 2>/dev/null && { log "load generator pid $p still runs after 5 minutes: stopping it"; kill "$p"; }
    wait "$p" 2>/dev/null || true
done
lab_reap
gw_curl /prometheus >"$OUT/samples/prom-end.txt" || true
grep -E '^(ERROR|WARN) ' "$OUT/gateway.log" >"$OUT/gateway-errors-warnings.txt" || true
echo "$MACHINE" >"$OUT/machine.txt"
python3 "$ROOT/tools/soak-table.py" "$OUT" "$MINUTES" "$STEADY" "$CHURN_PENDING" "$(getconf CLK_TCK)" | tee "$OUT/table.txt"
exit "${PIPESTATUS[0]}"
