#!/bin/sh
# /init of the real-peer test VM (busybox ash, PID 1). The tests append a cpio to a copy of the image's
# initrd holding this file (so an edit needs no image rebuild) and the configuration:
#   /etc/harness.conf          role, addresses, lifetime, role keys (shell: key='value')
#   /etc/scenario/NN.conf      client only: one file per scenario, run in order in this one boot;
#                              each file's keys override harness.conf's for that scenario.
# Everything the host reads is a console line (ttyS0):
#   HARNESS init|ready|...     harness events          END status=ok|fail ...   client finished
#   RESULT <scenario> <kind> key=value key="text" ...  one fact (see PptpClientVm / ClientResults)
#   LOG <scenario> <source>| <line>                   a pppd log or the syslog, when a session failed
#   READY ...                  server listening        SLOG| <line>    server syslog (pptpd, pppd)
# The host may send lines on the console: "release <scenario>" ends that scenario's hold early.
# Every wait is bounded; the VM powers itself off after `lifetime` seconds whatever happens.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
umask 022
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=755 tmpfs /run
dmesg -n 1
stty -echo 2>/dev/null      # lines the host sends are commands, not console output

now() { cut -d' ' -f1 /proc/uptime; }
# whole seconds of uptime in $UP, without a fork (forks are slow under emulation)
uptime_s() { read -r UP _ < /proc/uptime; UP=${UP%.*}; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# a value for a RESULT line: double quotes removed, the whole in double quotes
q() { printf '"%s"' "$(printf '%s' "$1" | tr -d '"\r' | tr '\n' ' ')"; }
halt_vm() {
    echo "HARNESS poweroff uptime=$(now)"
    sync
    poweroff -f
    sleep 2
    echo o > /proc/sysrq-trigger
}

role=none
lifetime=600
[ -f /etc/harness.conf ] && . /etc/harness.conf
T_INIT=$(now)
echo "HARNESS init role=$role kernel=$(uname -r) uptime=$T_INIT"
# the watchdog: nothing outlives its lifetime, even when the host that started it is gone
( sleep "$lifetime"; echo "HARNESS lifetime of ${lifetime}s exceeded"; halt_vm ) &

for m in virtio_mmio virtio_net ppp_generic ppp_async ppp_mppe ppp_deflate bsd_comp; do
    modprobe "$m" || echo "HARNESS warning modprobe $m failed"
done
[ -c /dev/ppp ] || mknod /dev/ppp c 108 0
hostname "${hostname:-pptp-$role}"
ip link set lo up
n=0
while ! ip link show eth0 >/dev/null 2>&1 && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
if ! ip link show eth0 >/dev/null 2>&1; then
    echo "END status=fail reason=\"no eth0\" uptime=$(now)"
    halt_vm
fi
ip addr add "$ip" dev eth0
ip link set eth0 up
# busybox syslogd: Debian's build has no -s/-b (no rotation), -O names the file
syslogd -O /var/log/messages

# pppd runs these with: iface tty speed local remote ipparam; the file name is the ipparam (sN)
cat > /etc/ppp/ip-up <<'EOF'
#!/bin/sh
echo "$1 $4 $5 $(cut -d' ' -f1 /proc/uptime)" > /run/ppp-up.$6
EOF
cat > /etc/ppp/ip-down <<'EOF'
#!/bin/sh
echo "$1 $4 $5" > /run/ppp-down.$6
EOF
chmod 755 /etc/ppp/ip-up /etc/ppp/ip-down
# What a pppd debug log says, as shell assignments (one awk per session instead of a dozen greps):
# the options of the last ConfAck each way ("ours" = what the peer acked of our request), the
# authentication and its outcome, MPPE as pppd announces it, DNS, bytes, termination.
cat > /etc/ppp-facts.awk <<'EOF'
function opts(s) { sub(/^(sent|rcvd) \[[A-Z]+ [A-Za-z]+ id=0x[0-9a-f]+ */, "", s); sub(/\]$/, "", s); gsub(/["\047]/, "", s); return s }
/^sent \[LCP ConfAck /  { lcp_peer = opts($0) }
/^rcvd \[LCP ConfAck /  { lcp_ours = opts($0) }
/^sent \[CCP ConfAck /  { ccp_peer = opts($0) }
/^rcvd \[CCP ConfAck /  { ccp_ours = opts($0) }
/^sent \[IPCP ConfAck / { ipcp_peer = opts($0) }
/^rcvd \[IPCP ConfAck / { ipcp_ours = opts($0) }
/^(CHAP|PAP) authentication (succeeded|failed)/ { auth_result = $3 }
/MPPE [0-9]+-bit [a-z]+ *compression enabled/ { m = $0; sub(/.*MPPE /, "", m); sub(/ *compression enabled.*/, "", m); mppe = m }
/^(primary|secondary) +DNS address/ { dns = dns (dns == "" ? "" : ",") $NF }
/^Sent [0-9]+ bytes, received [0-9]+ bytes/ { sent = $2 + 0; received = $5 + 0 }
/Connection terminated/ { terminated++ }
END {
    auth = "none"
    if (match(lcp_peer, /<auth [^>]*>/)) { auth = substr(lcp_peer, RSTART + 6, RLENGTH - 7); gsub(/ /, "-", auth) }
    printf "auth=\047%s\047 auth_result=\047%s\047 mppe=\047%s\047 dns=\047%s\047\n", auth, auth_result == "" ? "none" : auth_result, mppe == "" ? "none" : mppe, dns
    printf "lcp_ours=\047%s\047 lcp_peer=\047%s\047 ccp_ours=\047%s\047 ccp_peer=\047%s\047 ipcp_ours=\047%s\047 ipcp_peer=\047%s\047\n", lcp_ours, lcp_peer, ccp_ours, ccp_peer, ipcp_ours, ipcp_peer
    printf "terminated=%d sent_bytes=%d received_bytes=%d\n", terminated, sent, received
}
EOF

# dump FILE as "PREFIX line" lines, from line FROM (default 1)
dump() {
    [ -f "$2" ] || return 0
    tail -n +"${3:-1}" "$2" | while IFS= read -r line; do echo "$1$line"; done
}

# ====================================================================== server: the reference pptpd
run_server() {
    localip=${localip:-198.51.100.1}
    remoteip=${remoteip:-198.51.100.100-199}
    srvname=${srvname:-pptpd}
    connections=${connections:-100}
    # the pppd options file, one option per line (pptpd's usual one; the tests pass their own)
    srv_options=${srv_options:-"refuse-pap
refuse-chap
refuse-mschap
require-mschap-v2
require-mppe-128
nodefaultroute
nobsdcomp
nodeflate
mtu 1400
mru 1400
lcp-echo-interval 30
lcp-echo-failure 4"}
    iperf_servers=${iperf_servers:-4}

    if [ -n "${chap_secrets:-}" ]; then
        printf '%s\n' "$chap_secrets" > /etc/ppp/chap-secrets
    else
        printf '"%s" %s "%s" *\n' "${user:-test}" "$srvname" "${pass:-test}" > /etc/ppp/chap-secrets
    fi
    [ -n "${pap_secrets:-}" ] && printf '%s\n' "$pap_secrets" > /etc/ppp/pap-secrets
    chmod 600 /etc/ppp/*-secrets
    {
        echo "name $srvname"
        echo "debug"
        echo "logfile /var/log/ppp-server.log"
        printf '%s\n' "$srv_options"
    } > /etc/ppp/pptpd-options
    {
        echo "option /etc/ppp/pptpd-options"
        echo "localip $localip"
        echo "remoteip $remoteip"
        echo "connections $connections"
        [ -n "${pptpd_extra:-}" ] && printf '%s\n' "$pptpd_extra"
    } > /etc/pptpd.conf

    p=5201
    while [ $p -lt $((5201 + iperf_servers)) ]; do
        iperf3 -s -p $p > /var/log/iperf3-$p.log 2>&1 &
        p=$((p + 1))
    done
    pptpd -c /etc/pptpd.conf -f ${pptpd_debug:+-d} > /var/log/pptpd.out 2>&1 &
    pptpd_pid=$!
    n=0
    while ! netstat -ltn 2>/dev/null | grep -q ':1723 ' && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
    dump "SRVCONF| " /etc/pptpd.conf
    dump "SRVCONF| " /etc/ppp/pptpd-options
    if ! kill -0 $pptpd_pid 2>/dev/null || ! netstat -ltn | grep -q ':1723 '; then
        echo "READY status=fail reason=\"pptpd is not listening\" uptime=$(now)"
        dump "SLOG| " /var/log/messages
        dump "PPTPD| " /var/log/pptpd.out
        halt_vm
    fi
    # the syslog (pptpd, pptpctrl, pppd with debug) streamed to the console, from its first line
    ( tail -n +1 -F /var/log/messages 2>/dev/null | while IFS= read -r line; do echo "SLOG| $line"; done ) &
    echo "READY status=ok ip=$ip localip=$localip remoteip=$remoteip iperf_ports=5201-$((5200 + iperf_servers)) uptime=$(now)"
    while kill -0 $pptpd_pid 2>/dev/null; do sleep 1; done
    echo "HARNESS pptpd exited"
    dump "PPTPD| " /var/log/pptpd.out
    halt_vm
}

# ====================================================================== client: real pppd + pptp-linux
# the most telling line of a failed session's logs
down_reason() {
    for pat in 'E=[0-9]+|authentication failed' 'MPPE required|MPPE.*(not|refus|fail)' \
               'LCP: timeout|timeout sending|No response to' 'fatal|Could not|refused|unreachable|No route' \
               'rejected|Failed|failed' 'Hangup|hangup|terminated|Terminat'; do
        r=$(cat "$@" 2>/dev/null | grep -m1 -E "$pat")
        [ -n "$r" ] && { echo "$r"; return; }
    done
    echo "still negotiating: $(grep -c 'sent \[LCP ConfReq' "$1" 2>/dev/null) LCP ConfReq sent, $(grep -c 'rcvd \[LCP' "$1" 2>/dev/null) LCP packets received"
}
is_up() { [ -f /run/ppp-up.s$1 ] && ! [ -f /run/ppp-down.s$1 ]; }
pppd_alive() { eval "kill -0 \$PID_$1 2>/dev/null"; }

# A DHCPINFORM as a Windows RAS client sends it (RFC 2131 §2 fixed fields, the magic cookie, option 53 = 8,
# Windows' option 55 list ending in 121 and 249, option 60 "MSFT 5.0"), ciaddr $1. No NUL through printf.
dhcp_inform_bytes() {
    o() { printf "$(printf '\\%03o' "$@")"; }
    o 1 1 6; head -c 1 /dev/zero; o 57 3 243 38    # BOOTREQUEST, Ethernet, hlen 6, hops 0, xid 0x3903f326
    head -c 4 /dev/zero                            # secs, flags
    o $(echo "$1" | tr . ' ')                      # ciaddr
    head -c 12 /dev/zero                           # yiaddr, siaddr, giaddr
    o 2; head -c 1 /dev/zero; o 84 85 78 1         # chaddr: a locally administered address, as RAS adapters have
    head -c 202 /dev/zero                          # chaddr padding (10), sname (64), file (128)
    o 99 130 83 99 53 1 8 55 12 1 15 3 6 44 46 47 31 33 121 249 43 60 8
    printf 'MSFT 5.0'
    o 255
}

run_scenario() {   # runs in a subshell: the scenario's keys are its own
    sc=$name
    server=${server:-192.0.2.1}
    user=${user:-test}
    pass=${pass:-test}
    sessions=${sessions:-1}
    pppopts=${pppopts:-"require-mschap-v2 require-mppe-128 refuse-eap refuse-pap refuse-chap refuse-mschap noauth nodefaultroute mtu 1400 mru 1400 lcp-echo-interval 5"}
    remotename=${remotename:-pptpd}
    up_timeout=${up_timeout:-30}
    ping=${ping:-0}
    ping_maxloss=${ping_maxloss:-0}
    iperf=${iperf:-0}
    iperf_port=${iperf_port:-5201}
    hold=${hold:-0}
    ctrl=${ctrl:-auto}
    bind_base=${bind_base:-192.0.2.100}
    fails=0
    fail() { fails=$((fails + 1)); echo "RESULT $sc fail what=$(q "$*")"; }
    # ctrl=per-session: every session binds its own source address (pptp --localbind), so it gets its
    #   own call manager and its own TCP control connection: N clients, as N laptops would be.
    # ctrl=shared: pptp-linux's one call manager per server carries every call on ONE control
    #   connection (several Outgoing-Call-Requests; RFC 2637 allows it).
    if [ "$ctrl" = auto ]; then
        if [ "$sessions" -gt 1 ]; then ctrl=per-session; else ctrl=single; fi
    fi
    prefix=${ip#*/}
    bb_net=${bind_base%.*}
    bb_last=${bind_base##*.}

    rm -f /run/ppp-up.* /run/ppp-down.* /var/log/ppp*.log /var/log/ppp*.out
    # user_fmt/pass_fmt (printf formats of the session number 1..N): every session logs in as its own user
    if [ -n "${user_fmt:-}" ]; then
        : > /etc/ppp/chap-secrets
        i=0
        while [ $i -lt "$sessions" ]; do
            # shellcheck disable=SC2059
            printf '"%s" * "%s" *\n' "$(printf "$user_fmt" $((i + 1)))" "$(printf "${pass_fmt:-$pass}" $((i + 1)))" >> /etc/ppp/chap-secrets
            i=$((i + 1))
        done
    else
        printf '"%s" * "%s" *\n' "$user" "$pass" > /etc/ppp/chap-secrets
    fi
    if [ "${client_pap:-0}" = 1 ]; then cp /etc/ppp/chap-secrets /etc/ppp/pap-secrets; else rm -f /etc/ppp/pap-secrets; fi
    chmod 600 /etc/ppp/*-secrets
    syslog_from=$(($(wc -l < /var/log/messages) + 1))

    echo "RESULT $sc start sessions=$sessions server=$server ctrl=$ctrl user=$(q "$user") pppopts=$(q "$pppopts") uptime=$(now)"
    T_START=$(now)
    # pptp-linux makes its socket directory with mkdir per process and gives up on EEXIST when two
    # sessions start at once ("Could not make path to /var/run/pptp/...: File exists"): make it first
    mkdir -p /var/run/pptp
    i=0
    while [ $i -lt "$sessions" ]; do
        bind=""
        if [ "$ctrl" = per-session ]; then
            ip addr add "$bb_net.$((bb_last + i))/$prefix" dev eth0 2>/dev/null
            bind="--localbind $bb_net.$((bb_last + i))"
        fi
        su=$user
        # shellcheck disable=SC2059
        [ -n "${user_fmt:-}" ] && su=$(printf "$user_fmt" $((i + 1)))
        eval "USER_$i=\$su"
        # shellcheck disable=SC2086
        pppd pty "pptp $server --nolaunchpppd $bind ${pptpopts:-}" \
            user "$su" remotename "$remotename" unit $i linkname s$i ipparam s$i \
            nodetach maxfail 1 debug logfile /var/log/ppp$i.log $pppopts > /var/log/ppp$i.out 2>&1 &
        eval "PID_$i=$!"
        if [ "$ctrl" = shared ] && [ $i = 0 ] && [ "$sessions" -gt 1 ]; then
            # the first pptp starts the call manager; the others must find its socket, or each would
            # start its own ("Call manager for ... is already running")
            n=0
            while [ -z "$(ls /var/run/pptp 2>/dev/null)" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
            sleep "${stagger:-0.3}"
        elif [ -n "${stagger:-}" ]; then
            sleep "$stagger"
        fi
        i=$((i + 1))
    done

    # ---------------------------------------------------------------- up: every session up, or its pppd gone
    uptime_s; deadline=$((UP + up_timeout + 1))
    while [ "$UP" -lt "$deadline" ]; do
        pending=0; i=0
        while [ $i -lt "$sessions" ]; do
            [ -f /run/ppp-up.s$i ] || ! pppd_alive $i || pending=$((pending + 1))
            i=$((i + 1))
        done
        [ $pending = 0 ] && break
        sleep 0.2
        uptime_s
    done
    t_all_up=$(since "$T_START")
    nup=0; i=0
    while [ $i -lt "$sessions" ]; do
        lg=/var/log/ppp$i.log
        eval "$(awk -f /etc/ppp-facts.awk "$lg" 2>/dev/null)"
        eval "su=\$USER_$i"
        if [ -f /run/ppp-up.s$i ]; then
            read -r ifc loc rem t_up < /run/ppp-up.s$i
            eval "IF_$i=$ifc REM_$i=$rem"
            nup=$((nup + 1))
            echo "RESULT $sc session s=$i up=1 user=$(q "$su") iface=$ifc local=$loc remote=$rem up_secs=$(awk -v a="$T_START" -v b="$t_up" 'BEGIN { printf "%.2f", b - a }') auth=$auth auth_result=$auth_result mppe=\"$mppe\" dns=\"$dns\""
        else
            eval "IF_$i= REM_$i="
            echo "RESULT $sc session s=$i up=0 user=$(q "$su") auth=$auth auth_result=$auth_result mppe=\"$mppe\" reason=$(q "$(down_reason "$lg" /var/log/ppp$i.out)")"
            fail "s$i not up"
        fi
        echo "RESULT $sc negotiated s=$i lcp_ours=\"$lcp_ours\" lcp_peer=\"$lcp_peer\" ccp_ours=\"$ccp_ours\" ccp_peer=\"$ccp_peer\" ipcp_ours=\"$ipcp_ours\" ipcp_peer=\"$ipcp_peer\""
        i=$((i + 1))
    done
    echo "RESULT $sc up count=$nup of=$sessions secs=$t_all_up"

    # ---------------------------------------------------------------- ping every session's peer, in parallel
    if [ "$ping" -gt 0 ]; then
        i=0
        while [ $i -lt "$sessions" ]; do
            eval "ifc=\$IF_$i rem=\$REM_$i"
            if [ -n "$ifc" ]; then
                # shellcheck disable=SC2086
                ping -c "$ping" -w $((ping * 2 + 10)) ${ping_interval:+-i $ping_interval} ${ping_size:+-s $ping_size} \
                    -I "$ifc" "${ping_target:-$rem}" > /tmp/ping.$i 2>&1 &
                eval "PING_$i=$!"
            fi
            i=$((i + 1))
        done
        i=0
        while [ $i -lt "$sessions" ]; do
            eval "pp=\${PING_$i:-} rem=\$REM_$i"
            if [ -n "$pp" ]; then
                wait "$pp"
                # busybox: "5 packets transmitted, 5 packets received, 0% packet loss", "min/avg/max = a/b/c ms"
                tx=0 rx=0 loss=100 rtt=none
                eval "$(awk '/packets transmitted/ { printf "tx=%d rx=%d loss=%d\n", $1, $4, $7 }
                             /min\/avg\/max/ { printf "rtt=%s\n", $4 }' /tmp/ping.$i)"
                echo "RESULT $sc ping s=$i target=${ping_target:-$rem} tx=${tx:-0} rx=${rx:-0} loss=${loss:-100} rtt_min_avg_max=${rtt:-none}"
                if [ -z "$rx" ] || [ "${loss:-100}" -gt "$ping_maxloss" ]; then
                    fail "s$i ping loss ${loss:-100}%"
                    dump "LOG $sc ping$i| " /tmp/ping.$i
                fi
            fi
            i=$((i + 1))
        done
    fi

    # ---------------------------------------------------------------- DHCPINFORM through session 0, as Windows
    # sends it once IPCP is up: broadcast from the tunnel address, port 68 to 67; whatever comes back to port 68
    # within dhcp_inform seconds is printed in hex (empty: no answer).
    if [ "${dhcp_inform:-0}" -gt 0 ]; then
        if is_up 0 && command -v socat >/dev/null; then
            read -r ifc loc _ < /run/ppp-up.s0
            dhcp_inform_bytes "$loc" > /tmp/inform.bin
            socat -t "$dhcp_inform" - "UDP-DATAGRAM:255.255.255.255:67,broadcast,bind=$loc:68,so-bindtodevice=$ifc" \
                < /tmp/inform.bin > /tmp/ack.bin 2> /tmp/socat.err
            echo "RESULT $sc dhcp s=0 from=$loc sent=$(wc -c < /tmp/inform.bin) bytes=$(wc -c < /tmp/ack.bin) hex=$(od -An -tx1 -v /tmp/ack.bin | tr -d ' \n')"
            [ -s /tmp/socat.err ] && dump "LOG $sc socat| " /tmp/socat.err
        else
            fail "s0 dhcp: session down or no socat in the image"
        fi
    fi

    # ---------------------------------------------------------------- the self-service page through session 0
    # selfsvc=<address>: busybox wget (no curl in the image) fetches http://<address>/ through the tunnel, sends a
    # forged confirmation (another user's name, proxy headers, no token), confirms with the page's token, downloads
    # the configuration; each answer's status and size, the configuration in hex for the host.
    if [ -n "${selfsvc:-}" ]; then
        if is_up 0; then
            base="http://$selfsvc"
            ss_get() { # $1 = step name, $2 = output file, rest = wget arguments
                st=$1 out=$2; shift 2
                timeout 30 wget -S -O "$out" "$@" > /tmp/ss.$st.err 2>&1; rc=$?
                code=$(sed -n 's/^ *HTTP\/1\.[01] \([0-9]*\).*/\1/p' /tmp/ss.$st.err | tail -1)
                [ -f "$out" ] || : > "$out"
                echo "RESULT $sc selfsvc step=$st rc=$rc http=${code:-none} bytes=$(wc -c < "$out") hello=$(grep -c "Hello $user" "$out") key=$(grep -c PrivateKey "$out")"
            }
            ss_get page /tmp/ss.html "$base/"
            tok=$(sed -n 's/.*name="token" value="\([A-Za-z0-9_-]*\)".*/\1/p' /tmp/ss.html | head -1)
            ss_get forged /tmp/ss.forged --header "X-Forwarded-For: ${selfsvc_other:-192.0.2.99}" \
                --header "X-Real-IP: ${selfsvc_other:-192.0.2.99}" --post-data "user=${selfsvc_other_user:-other}" \
                "$base/confirm?user=${selfsvc_other_user:-other}"
            ss_get early /tmp/ss.early "$base/wireguard.conf"
            ss_get confirm /tmp/ss.done --post-data "token=$tok" "$base/confirm"
            ss_get conf /tmp/ss.conf --header "X-Forwarded-For: ${selfsvc_other:-192.0.2.99}" \
                "$base/wireguard.conf?user=${selfsvc_other_user:-other}"
            echo "RESULT $sc selfsvc step=file hex=$(od -An -tx1 -v /tmp/ss.conf | tr -d ' \n')"
            [ -s /tmp/ss.conf ] || { fail "s0 selfsvc: no configuration"; dump "LOG $sc wget| " /tmp/ss.conf.err; }
        else
            fail "s0 selfsvc: session down"
        fi
    fi

    # ---------------------------------------------------------------- iperf3 (session 0, or all at once)
    if [ "$iperf" -gt 0 ]; then
        for dir in $(echo "${iperf_dirs:-fwd}" | tr ',' ' '); do
            rflag=""; [ "$dir" = rev ] && rflag=-R
            i=0
            while [ $i -lt "$sessions" ]; do
                eval "ifc=\$IF_$i rem=\$REM_$i"
                if [ -n "$ifc" ] && { [ $i = 0 ] || [ "${iperf_all:-0}" = 1 ]; }; then
                    port=$((iperf_port + i))
                    # shellcheck disable=SC2086
                    timeout $((iperf + 30)) iperf3 -c "${iperf_target:-$rem}" -p $port -t "$iperf" -f m $rflag \
                        ${iperf_parallel:+-P $iperf_parallel} ${iperf_opts:-} --bind-dev "$ifc" > /tmp/iperf.$i 2>&1 &
                    eval "IPERF_$i=$! PORT_$i=$port"
                fi
                i=$((i + 1))
            done
            i=0
            while [ $i -lt "$sessions" ]; do
                eval "pp=\${IPERF_$i:-} port=\${PORT_$i:-} rem=\$REM_$i"
                if [ -n "$pp" ]; then
                    wait "$pp"
                    r=$(awk '/ sender$/ { for (k = 1; k <= NF; k++) if ($k == "Mbits/sec") { s = $(k - 1); t = $(k + 1) } }
                             / receiver$/ { for (k = 1; k <= NF; k++) if ($k == "Mbits/sec") v = $(k - 1) }
                             END { if (s == "" || v == "") exit 1; if (t !~ /^[0-9]+$/) t = "none";
                                   printf "sender_mbps=%s receiver_mbps=%s retr=%s", s, v, t }' /tmp/iperf.$i)
                    if [ -n "$r" ]; then
                        echo "RESULT $sc iperf s=$i dir=$dir target=${iperf_target:-$rem} port=$port secs=$iperf $r"
                    else
                        echo "RESULT $sc iperf s=$i dir=$dir target=${iperf_target:-$rem} port=$port secs=$iperf error=$(q "$(tail -1 /tmp/iperf.$i)")"
                        fail "s$i iperf $dir"
                        dump "LOG $sc iperf$i| " /tmp/iperf.$i
                    fi
                    eval "IPERF_$i="
                fi
                i=$((i + 1))
            done
        done
    fi

    # ---------------------------------------------------------------- hold: keep the sessions up
    if [ "$hold" -gt 0 ]; then
        # hold_ping: every session pings this address all through the hold (what a user's traffic does
        # while the host breaks something); summed up when the hold ends
        if [ -n "${hold_ping:-}" ]; then
            i=0
            while [ $i -lt "$sessions" ]; do
                eval "ifc=\$IF_$i"
                if [ -n "$ifc" ]; then
                    ping -i "${hold_ping_interval:-0.2}" -I "$ifc" "$hold_ping" > /tmp/hping.$i 2>&1 &
                    eval "HPING_$i=$!"
                fi
                i=$((i + 1))
            done
        fi
        echo "RESULT $sc holding secs=$hold release=${hold_release:-0} uptime=$(now)"
        t_hold=$(now)
        released=0
        if [ "${hold_release:-0}" = 1 ]; then
            # wait for "release <scenario>" from the host, at most $hold seconds
            uptime_s; end=$((UP + hold))
            while [ "$UP" -lt "$end" ]; do
                if read -t 1 -r cmd arg; then
                    [ "$cmd" = release ] && [ "$arg" = "$sc" ] && { released=1; break; }
                fi
                uptime_s
            done
        else
            sleep "$hold"
        fi
        alive=0; i=0
        while [ $i -lt "$sessions" ]; do
            eval "ifc=\$IF_$i"
            if [ -n "$ifc" ]; then
                if pppd_alive $i && is_up $i; then alive=$((alive + 1)); else fail "s$i died during hold"; fi
            fi
            i=$((i + 1))
        done
        if [ -n "${hold_ping:-}" ]; then
            i=0
            while [ $i -lt "$sessions" ]; do
                eval "pp=\${HPING_$i:-}"
                if [ -n "$pp" ]; then
                    kill -INT "$pp" 2>/dev/null
                    wait "$pp"
                    # replies by seq: how many, and the longest run of seqs without one (a gap x interval = an outage)
                    r=$(awk 'BEGIN { last = -1 }
                             / seq=/ { for (k = 1; k <= NF; k++) if ($k ~ /^seq=/) { n = substr($k, 5) + 0 }
                                       if (n > last + 1 && n - last - 1 > gap) { gap = n - last - 1; after = last }
                                       if (n > last) last = n; rx++ }
                             /packets transmitted/ { tx = $1 }
                             END { printf "tx=%d rx=%d gap_max=%d gap_after=%d", tx, rx, gap, after }' /tmp/hping.$i)
                    echo "RESULT $sc holdping s=$i target=$hold_ping interval=${hold_ping_interval:-0.2} $r"
                fi
                i=$((i + 1))
            done
        fi
        echo "RESULT $sc hold alive=$alive of=$nup released=$released secs=$(since "$t_hold")"
    fi

    # ---------------------------------------------------------------- teardown: pppd's clean goodbye
    i=0
    while [ $i -lt "$sessions" ]; do eval "kill -TERM \$PID_$i 2>/dev/null"; i=$((i + 1)); done
    n=0
    while [ $n -lt 100 ]; do
        left=0; i=0
        while [ $i -lt "$sessions" ]; do pppd_alive $i && left=$((left + 1)); i=$((i + 1)); done
        [ $left = 0 ] && break
        sleep 0.1; n=$((n + 1))
    done
    i=0
    while [ $i -lt "$sessions" ]; do
        if pppd_alive $i; then eval "kill -KILL \$PID_$i"; fail "s$i pppd did not exit within 10 s"; fi
        eval "$(awk -f /etc/ppp-facts.awk /var/log/ppp$i.log 2>/dev/null)"
        echo "RESULT $sc end s=$i terminated=$terminated sent_bytes=$sent_bytes received_bytes=$received_bytes"
        i=$((i + 1))
    done
    # pptp's call managers leave once their last call is cleared; never carry one into the next scenario
    n=0
    while [ -n "$(pidof pptp)" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    for p in $(pidof pptp); do kill -KILL "$p" 2>/dev/null; done
    rm -rf /var/run/pptp

    if [ "${showlog:-0}" = 1 ] || [ $fails -gt 0 ]; then
        i=0
        while [ $i -lt "$sessions" ] && [ $i -lt "${showlog_max:-4}" ]; do
            dump "LOG $sc s$i| " /var/log/ppp$i.log
            dump "LOG $sc s$i.out| " /var/log/ppp$i.out
            i=$((i + 1))
        done
        # the syslog adds pptp's control-connection messages (pppd's own lines are in its log above)
        tail -n +"$syslog_from" /var/log/messages | grep -v ' pppd\[' | while IFS= read -r line; do echo "LOG $sc syslog| $line"; done
    fi
    st=ok; [ $fails -gt 0 ] && st=fail
    echo "RESULT $sc done status=$st fails=$fails secs=$(since "$T_START")"
    [ $fails = 0 ]
}

run_client() {
    total=0; failed=0
    for f in $(ls /etc/scenario/*.conf 2>/dev/null | sort); do
        total=$((total + 1))
        ( . "$f"; run_scenario ) || failed=$((failed + 1))
    done
    st=ok; [ $failed -gt 0 ] && st=fail
    [ $total = 0 ] && st=fail
    echo "END status=$st scenarios=$total failed=$failed init_uptime=$T_INIT uptime=$(now)"
    halt_vm
}

case $role in
    server) run_server ;;
    client) run_client ;;
    *) echo "END status=fail reason=\"unknown role $role\" uptime=$(now)" ;;
esac
halt_vm
