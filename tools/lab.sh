# The network-namespace lab of tools/bench.sh and tools/soak.sh (sourced, not run):
#
#   load generator (netns lg) --veth-- gateway jar, per-user mode (netns gw) --veth-- wireguard-go backend (netns wb)
#   203.0.113.2-.14/28                  203.0.113.1/28 | 203.0.113.17/28          203.0.113.18/28, UDP 51820, 4 MiB
#                                                                                 buffers, tunnel address 203.0.113.30,
#                                                                                 one peer per user (wg addconf)
#
# Every user has a tunnel address from the three documentation /24s (731 of them: 192.0.2.1-254, 198.51.100.1-254,
# 203.0.113.32-254); nothing else is addressed, no namespace has a route out. Every process started through these
# functions is in PIDS and stopped by its PID on exit (lab_cleanup, trapped by lab_init), every namespace deleted.
#
# The caller sets ROOT, OUT and a log function, calls lab_build NAME (JAR, CP, JAVA), then lab_init TAG; the functions below use
# NS_LG, NS_GW, NS_WB, WG_B, GWDIR, USERS, GW_PID, WB_PID as globals.

lab_build() { # NAME (for messages): the gateway jar unless it is newer than every source, then the load generator;
    # sets JAR, CP and JAVA (needs ROOT, OUT, JAVA_HOME and log)
    JAR=$ROOT/admin-api/target/pptp2wg.jar
    if [[ ! -f $JAR || -n $(find config os gateway bridge admin-api/src pom.xml -newer "$JAR" \( -name '*.java' -o -name pom.xml \
            -o -name '*.xml' \) 2>/dev/null | head -1) ]]; then
        log "building the gateway jar"
        mvn -B -ntp -q -pl admin-api -am package -DskipTests >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
    fi
    tools/loadgen.sh --help >/dev/null 2>&1 || true # builds the load generator's classes and classpath if needed
    [[ -f $ROOT/tests/target/classes/io/pptp2wg/tests/load/LoadGenerator.class ]] || { echo "$1: load generator not built" >&2; exit 1; }
    CP="$ROOT/tests/target/classes:$(cat "$ROOT/tests/target/loadgen-classpath.txt")"
    JAVA=$JAVA_HOME/bin/java
}

lab_init() { # TAG: names of this run's namespaces and devices
    TAG=$1
    NS_LG=$TAG-lg NS_GW=$TAG-gw NS_WB=$TAG-wb
    WG_B=${TAG}b
    NAMESPACES=() PIDS=() WG_IFACES=()
    HZ=$(getconf CLK_TCK)
    trap lab_cleanup EXIT
    trap 'exit 130' INT TERM
}

# forget the processes that ended (bash has reaped them: their PIDs may be given to others; a long run calls this often)
lab_reap() {
    local p alive=()
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    PIDS=("${alive[@]}")
}

lab_cleanup() {
    set +e
    lab_reap
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for _ in $(seq 1 30); do
        local alive=0
        for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.2
    done
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
    for i in "${WG_IFACES[@]}"; do rm -f "/var/run/wireguard/$i.sock"; done
}

netns() {
    ip netns add "$1"
    NAMESPACES+=("$1")
    ip -n "$1" link set lo up
    ip netns exec "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}
# veth NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B
veth() {
    ip -n "$1" link add "$2" type veth peer name "$5" netns "$4"
    ip -n "$1" addr add "$3" dev "$2"
    ip -n "$4" addr add "$6" dev "$5"
    ip -n "$1" link set "$2" up
    ip -n "$4" link set "$5" up
}
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# wireguard-go in NS as IFACE with a new key on PORT; prints its pid (a subshell: the caller adds it to PIDS); the key
# files land in $OUT
start_wireguard_go() { # NS IFACE PORT
    local key=$OUT/$2.key
    (umask 077 && wg genkey >"$key")
    LOG_LEVEL=error ip netns exec "$1" wireguard-go -f "$2" >"$OUT/$2.log" 2>&1 &
    PIDS+=($!)
    WG_IFACES+=("$2")
    local pid=$! i
    for ((i = 0; i < 200; i++)); do [[ -S /var/run/wireguard/$2.sock ]] && break; sleep 0.05; done
    [[ -S /var/run/wireguard/$2.sock ]] || { echo "lab: wireguard-go $2 did not start" >&2; exit 1; }
    ip netns exec "$1" wg set "$2" private-key "$key" listen-port "$3"
    echo "$pid"
}
sockbuf() { # PID: 4 MiB UDP socket buffers (wireguard-go never sets them; see bridge/src/jmh/SockBuf.java)
    "$JAVA" --enable-native-access=ALL-UNNAMED "$ROOT/bridge/src/jmh/SockBuf.java" "$1" $((4 << 20)) 2>>"${LAB_LOG:-$OUT/lab.log}"
}

lab_topology() { # the three namespaces; the load generator's side has 203.0.113.2 and .3 (more: ip -n $NS_LG addr add)
    netns "$NS_LG"
    netns "$NS_GW"
    netns "$NS_WB"
    veth "$NS_LG" "${TAG}l" 203.0.113.2/28 "$NS_GW" "${TAG}g" 203.0.113.1/28
    ip -n "$NS_LG" addr add 203.0.113.3/28 dev "${TAG}l"
    veth "$NS_GW" "${TAG}h" 203.0.113.17/28 "$NS_WB" "${TAG}w" 203.0.113.18/28
}

# The gateway's files in $OUT/gateway (users u0001..u0731, passwords p0001..p0731, one address each from the pool)
# and the backend's peers (backend-peers); YAML: more config.yml lines (top-level keys)
lab_gateway_files() { # [YAML]
    GWDIR=$OUT/gateway
    mkdir -p "$GWDIR"
    POOL=192.0.2.1-254,198.51.100.1-254,203.0.113.32-254
    USERS=731
    WB_KEYFILE=$OUT/$WG_B.key
    (umask 077 && wg genkey >"$WB_KEYFILE")
    WB_PUB=$(wg pubkey <"$WB_KEYFILE")
    cat >"$GWDIR/pptpd.conf" <<EOF
option $GWDIR/options.pptpd
listen 203.0.113.1
connections 2000
localip 203.0.113.29
remoteip $POOL
EOF
    cat >"$GWDIR/options.pptpd" <<EOF
name pptpd
refuse-pap
refuse-chap
refuse-mschap
require-mschap-v2
require-mppe-128
lcp-echo-interval 30
lcp-echo-failure 4
mtu 1400
mru 1400
EOF
    local i
    for ((i = 1; i <= USERS; i++)); do printf 'u%04d * p%04d *\n' "$i" "$i"; done >"$GWDIR/chap-secrets"
    : >"$GWDIR/pap-secrets"
    cat >"$GWDIR/wg.conf" <<EOF
[Interface]
PrivateKey = $(wg genkey)

[Peer]
PublicKey = $WB_PUB
Endpoint = 203.0.113.18:51820
AllowedIPs = 203.0.113.30/32
EOF
    cat >"$GWDIR/config.yml" <<EOF
pptpd:
  conf: $GWDIR/pptpd.conf
  chapSecrets: $GWDIR/chap-secrets
  papSecrets: $GWDIR/pap-secrets
wireguard:
  config: $GWDIR/wg.conf
  mode: per-user
dataDir: $GWDIR/data
${1:-}
server:
  applicationConnectors:
    - type: http
      bindHost: 127.0.0.1
      port: 8080
  adminConnectors:
    - type: http
      bindHost: 127.0.0.1
      port: 8081
logging:
  level: INFO
EOF
    log "creating $USERS users' WireGuard keys and addresses (backend-peers)"
    "$JAVA" -jar "$JAR" backend-peers "$GWDIR/config.yml" >"$OUT/backend-peers.conf" 2>"$OUT/backend-peers.log" ||
        { tail -20 "$OUT/backend-peers.log"; exit 1; }
    local peers
    peers=$(grep -c '^\[Peer\]' "$OUT/backend-peers.conf")
    # one per user, and the gateway's own (the pool, for further devices of a user on borrowed addresses)
    ((peers == USERS + 1)) || { echo "lab: backend-peers gave $peers peers for $USERS users and the gateway" >&2; exit 1; }
}

# The backend: wireguard-go with every user's peer, the tunnel address 203.0.113.30 and routes to the pool. Run again
# after lab_stop_backend: the same key, so the gateway's users find it again (a restart, as systemctl restart).
lab_start_backend() {
    LOG_LEVEL=error ip netns exec "$NS_WB" wireguard-go -f "$WG_B" >>"$OUT/$WG_B.log" 2>&1 &
    WB_PID=$!
    PIDS+=("$WB_PID")
    WG_IFACES+=("$WG_B")
    local i r
    for ((i = 0; i < 200; i++)); do [[ -S /var/run/wireguard/$WG_B.sock ]] && break; sleep 0.05; done
    [[ -S /var/run/wireguard/$WG_B.sock ]] || { echo "lab: wireguard-go $WG_B did not start" >&2; exit 1; }
    ip netns exec "$NS_WB" wg set "$WG_B" private-key "$WB_KEYFILE" listen-port 51820
    ip netns exec "$NS_WB" wg addconf "$WG_B" "$OUT/backend-peers.conf"
    ip -n "$NS_WB" addr add 203.0.113.30/32 dev "$WG_B"
    ip -n "$NS_WB" link set "$WG_B" mtu 1420 up
    for r in 192.0.2.0/24 198.51.100.0/24 203.0.113.32/27 203.0.113.64/26 203.0.113.128/25; do
        ip -n "$NS_WB" route add "$r" dev "$WG_B"
    done
    sockbuf "$WB_PID"
    log "backend: wireguard-go pid $WB_PID, $(ip netns exec "$NS_WB" wg show "$WG_B" peers | wc -l) peers"
}

lab_stop_backend() { # SIGTERM, then (after 10 s) SIGKILL; its TUN device goes with it
    local i
    kill "$WB_PID" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$WB_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$WB_PID" 2>/dev/null || true
    wait "$WB_PID" 2>/dev/null || true
    lab_reap
    for ((i = 0; i < 50; i++)); do ip -n "$NS_WB" link show "$WG_B" >/dev/null 2>&1 || break; sleep 0.1; done
    rm -f "/var/run/wireguard/$WG_B.sock"
}

gw_curl() { ip netns exec "$NS_GW" curl -sS -m 10 "http://127.0.0.1:8081$1"; }

# The gateway jar (GW_JAVA_OPTS, default -Xmx1g) in NS_GW, its log in $OUT/gateway.log; returns once it is healthy
lab_start_gateway() {
    GW_JAVA_OPTS=${GW_JAVA_OPTS:--Xmx1g}
    # shellcheck disable=SC2086 # GW_JAVA_OPTS holds several words on purpose
    ip netns exec "$NS_GW" "$JAVA" $GW_JAVA_OPTS -jar "$JAR" server "$GWDIR/config.yml" >"$OUT/gateway.log" 2>&1 &
    GW_PID=$!
    PIDS+=("$GW_PID")
    local i
    for ((i = 0; i < 360; i++)); do
        kill -0 "$GW_PID" 2>/dev/null || { tail -30 "$OUT/gateway.log"; echo "lab: the gateway exited" >&2; exit 1; }
        [[ $(ip netns exec "$NS_GW" curl -s -o /dev/null -w '%{http_code}' -m 5 http://127.0.0.1:8081/healthcheck) == 200 ]] && break
        sleep 0.25
    done
    [[ $(ip netns exec "$NS_GW" curl -s -o /dev/null -w '%{http_code}' -m 5 http://127.0.0.1:8081/healthcheck) == 200 ]] ||
        { tail -30 "$OUT/gateway.log"; echo "lab: the gateway did not become healthy" >&2; exit 1; }
    log "gateway: pid $GW_PID ($GW_JAVA_OPTS)"
}

gw_heap_kib() { # used heap after a full GC, KiB (jcmd GC.run, then GC.heap_info's "used")
    jcmd "$GW_PID" GC.run >/dev/null
    jcmd "$GW_PID" GC.heap_info | awk '/ used / {for (i = 1; i <= NF; i++) if ($i == "used") {sub(/K,?/, "", $(i+1)); print $(i+1); exit}}'
}
metric() { gw_curl /prometheus | awk -v m="$1" '$1 == m {print $2}'; }
