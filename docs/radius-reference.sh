#!/bin/bash
# radius-reference.sh: the reference for issue 16's drop-in cases. pptpd 1.4.0 + pppd 2.4.9 with pppd's own
# radius.so in the harness VM (/work/shared/interop/pptp-vm, PPTP_VM_DIR), Debian's FreeRADIUS on the host side of
# the lab bridge (192.0.2.1, in the lab namespace only), real pppd + pptp-linux clients in a second VM.
# Prints what the clients got and what FreeRADIUS received (docs/radius-reference.md records a run).
#   as root: docs/radius-reference.sh [OUTDIR]
set -euo pipefail
VM=${PPTP_VM_DIR:-/work/shared/interop/pptp-vm}
export PPTP_VM_CACHE=${PPTP_VM_CACHE:-/var/cache/pptp-vm-radusers}
NS=radref
T=${1:-$(mktemp -d /tmp/radius-reference.XXXXXX)}
mkdir -p "$T"
SECRET=ref-radius-secret
RADDB=$T/raddb
RC=$T/radiusclient
mkdir -p "$RADDB/log" "$RADDB/run" "$RC"

# FreeRADIUS: alice has a fixed Framed-IP-Address (outside the pptpd pool), bob none; 'test' is only in chap-secrets
cat > "$RADDB/users" <<USERS
alice Cleartext-Password := "alice-pass"
	Framed-IP-Address = 198.51.100.77

bob Cleartext-Password := "bob-pass"

USERS
cat > "$RADDB/radiusd.conf" <<CONF
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = \${exec_prefix}/sbin
logdir = $RADDB/log
raddbdir = $RADDB
radacctdir = $RADDB/radacct
name = freeradius
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
run_dir = $RADDB/run
db_dir = $RADDB
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/\${name}.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 1024
hostname_lookups = no
log {
    destination = stdout
    auth = yes
}
security {
    allow_core_dumps = no
    max_attributes = 200
    reject_delay = 0
    status_server = no
}
thread pool {
    start_servers = 1
    max_servers = 4
    min_spare_servers = 1
    max_spare_servers = 2
    max_requests_per_server = 0
}
client lab {
    ipaddr = 192.0.2.0/24
    secret = "$SECRET"
}
modules {
    pap {
    }
    chap {
    }
    mschap {
        use_mppe = yes
        require_encryption = yes
        require_strong = yes
    }
    files {
        filename = $RADDB/users
    }
    always ok {
        rcode = ok
    }
}
server default {
    listen {
        type = auth
        ipaddr = 192.0.2.1
        port = 1812
    }
    listen {
        type = acct
        ipaddr = 192.0.2.1
        port = 1813
    }
    authorize {
        files
        mschap
        chap
        pap
    }
    authenticate {
        Auth-Type PAP {
            pap
        }
        Auth-Type CHAP {
            chap
        }
        Auth-Type MS-CHAP {
            mschap
        }
    }
    preacct {
    }
    accounting {
        ok
    }
    post-auth {
    }
}
CONF

# the host's radiusclient files as pppd's radius plugin reads them (the dictionary: RFC 2865/2866/2869 and
# RFC 2548 numbers, written here; Debian's ppp package ships none)
cat > "$RC/radiusclient.conf" <<RCC
auth_order	radius
login_tries	4
login_timeout	60
nologin	/etc/nologin
issue	/etc/radiusclient/issue
authserver	192.0.2.1:1812
acctserver	192.0.2.1:1813
servers	$RC/servers
dictionary	$RC/dictionary
login_radius	/usr/sbin/login.radius
seqfile	$RC/radius.seq
mapfile	$RC/port-id-map
default_realm
radius_timeout	3
radius_retries	2
login_local	/bin/login
RCC
printf '192.0.2.1\t%s\n' "$SECRET" > "$RC/servers"
chmod 600 "$RC/servers"
: > "$RC/port-id-map"
{
    for a in "User-Name 1 string" "User-Password 2 string" "CHAP-Password 3 string" "NAS-IP-Address 4 ipaddr" \
        "NAS-Port 5 integer" "Service-Type 6 integer" "Framed-Protocol 7 integer" "Framed-IP-Address 8 ipaddr" \
        "Framed-IP-Netmask 9 ipaddr" "Framed-Routing 10 integer" "Filter-Id 11 string" "Framed-MTU 12 integer" \
        "Framed-Compression 13 integer" "Reply-Message 18 string" "Framed-Route 22 string" "State 24 string" \
        "Class 25 string" "Vendor-Specific 26 string" "Session-Timeout 27 integer" "Idle-Timeout 28 integer" \
        "Termination-Action 29 integer" "Called-Station-Id 30 string" "Calling-Station-Id 31 string" \
        "NAS-Identifier 32 string" "Proxy-State 33 string" "Acct-Status-Type 40 integer" "Acct-Delay-Time 41 integer" \
        "Acct-Input-Octets 42 integer" "Acct-Output-Octets 43 integer" "Acct-Session-Id 44 string" \
        "Acct-Authentic 45 integer" "Acct-Session-Time 46 integer" "Acct-Input-Packets 47 integer" \
        "Acct-Output-Packets 48 integer" "Acct-Terminate-Cause 49 integer" "Acct-Multi-Session-Id 50 string" \
        "Acct-Link-Count 51 integer" "Acct-Input-Gigawords 52 integer" "Acct-Output-Gigawords 53 integer" \
        "Event-Timestamp 55 integer" "CHAP-Challenge 60 string" "NAS-Port-Type 61 integer" "Port-Limit 62 integer" \
        "Connect-Info 77 string" "Message-Authenticator 80 string" "Acct-Interim-Interval 85 integer" \
        "NAS-Port-Id 87 string" "Framed-Pool 88 string"; do
        set -- $a; printf 'ATTRIBUTE\t%s\t%s\t%s\n' "$1" "$2" "$3"
    done
    printf 'VALUE\tService-Type\tFramed-User\t2\nVALUE\tFramed-Protocol\tPPP\t1\n'
    printf 'VALUE\tNAS-Port-Type\tAsync\t0\nVALUE\tNAS-Port-Type\tVirtual\t5\n'
    printf 'VALUE\tAcct-Status-Type\tStart\t1\nVALUE\tAcct-Status-Type\tStop\t2\nVALUE\tAcct-Status-Type\tAlive\t3\n'
    printf 'VALUE\tAcct-Authentic\tRADIUS\t1\nVALUE\tAcct-Authentic\tLocal\t2\n'
    for c in "User-Request 1" "Lost-Carrier 2" "Lost-Service 3" "Idle-Timeout 4" "Session-Timeout 5" "Admin-Reset 6" \
        "Admin-Reboot 7" "Port-Error 8" "NAS-Error 9" "NAS-Request 10" "NAS-Reboot 11" "Port-Unneeded 12"; do
        set -- $c; printf 'VALUE\tAcct-Terminate-Cause\t%s\t%s\n' "$1" "$2"
    done
    printf 'VENDOR\tMicrosoft\t311\n'
    for a in "MS-CHAP-Response 1 string" "MS-CHAP-Error 2 string" "MS-CHAP-CPW-1 3 string" "MS-CHAP-CPW-2 4 string" \
        "MS-CHAP-LM-Enc-PW 5 string" "MS-CHAP-NT-Enc-PW 6 string" "MS-MPPE-Encryption-Policy 7 string" \
        "MS-MPPE-Encryption-Type 8 string" "MS-RAS-Vendor 9 integer" "MS-CHAP-Domain 10 string" \
        "MS-CHAP-Challenge 11 string" "MS-CHAP-MPPE-Keys 12 string" "MS-MPPE-Send-Key 16 string" \
        "MS-MPPE-Recv-Key 17 string" "MS-RAS-Version 18 string" "MS-CHAP2-Response 25 string" \
        "MS-CHAP2-Success 26 string" "MS-CHAP2-CPW 27 string" "MS-Primary-DNS-Server 28 ipaddr" \
        "MS-Secondary-DNS-Server 29 ipaddr" "MS-Primary-NBNS-Server 30 ipaddr" "MS-Secondary-NBNS-Server 31 ipaddr"; do
        set -- $a; printf 'ATTRIBUTE\t%s\t%s\t%s\tMicrosoft\n' "$1" "$2" "$3"
    done
} > "$RC/dictionary"

# The lab namespace and its bridge made here, with a fixed MAC: a Linux bridge without one takes the lowest MAC of its
# ports, so it changes as client VMs come and go, and the pptpd VM's ARP entry for 192.0.2.1 then points at a MAC the
# host no longer answers to: RADIUS requests were lost that way (tcpdump on br0 saw them, FreeRADIUS never did).
ip netns add $NS
ip -n $NS link set lo up
ip -n $NS link add br0 type bridge stp_state 0 forward_delay 0
ip -n $NS link set br0 address 02:00:c0:00:02:01
ip -n $NS addr add 192.0.2.1/24 dev br0
ip -n $NS link set br0 up

cleanup() {
    [ -n "${FR_PID:-}" ] && kill "$FR_PID" 2>/dev/null || true
    [ -n "${TD_PID:-}" ] && kill "$TD_PID" 2>/dev/null || true
    "$VM/run-pptpd.sh" stop --netns $NS >/dev/null 2>&1 || true
    ip netns del $NS 2>/dev/null || true
}
trap cleanup EXIT

# the reference server: pptpd's usual MS-CHAPv2 + MPPE-128 options plus the plugin; chap-secrets holds only 'test'
"$VM/run-pptpd.sh" start --netns $NS --file "$RC" --log "$T/pptpd-console.log" \
    chap_secrets="$(printf 'test\tpptpd\t"test"\t*\n')" \
    srv_optlines="$(printf 'plugin radius.so\nradius-config-file %s\navpair Framed-Protocol=PPP' "$RC/radiusclient.conf")" \
    > "$T/pptpd-start.log" 2>&1
if command -v tcpdump >/dev/null; then
    ip netns exec $NS tcpdump -ni br0 -s 0 -w "$T/radius.pcap" udp port 1812 or udp port 1813 >/dev/null 2>&1 &
    TD_PID=$!
fi
# a FreeRADIUS of its own for each case (in one long-lived -X process some requests went unread, see the notes)
radius_start() { # log file
    ip netns exec $NS freeradius -f -X -d "$RADDB" > "$1" 2>&1 &
    FR_PID=$!
    for _ in $(seq 1 100); do grep -q "Ready to process requests" "$1" && return 0; sleep 0.2; done
    tail -30 "$1"; exit 3
}
radius_stop() {
    kill "$FR_PID" 2>/dev/null || true
    wait "$FR_PID" 2>/dev/null || true
    FR_PID=
}

run() { # name, client keys...
    local n=$1; shift
    echo "== $n: $*"
    radius_start "$T/freeradius-$n.log"
    "$VM/run-client.sh" --netns $NS --name "c$n" --timeout 150 --log "$T/client-$n.log" showlog=1 "$@" \
        > "$T/client-$n.out" 2>&1 || true
    sleep 2 # pppd's accounting Stop
    radius_stop
    grep -E '^RESULT|^HOST' "$T/client-$n.out" | grep -vE 'lcp_ours' || true
    echo "-- FreeRADIUS received:"
    grep -E 'Received Access-Request|Received Accounting-Request|^\([0-9]+\)   [A-Z][A-Za-z0-9-]+ = |Sent Access-(Accept|Reject)|Sent Accounting-Response' \
        "$T/freeradius-$n.log" || true
}
run alice user=alice pass=alice-pass ping=3
run bob user=bob pass=bob-pass ping=3
run local user=test pass=test
run badpw user=alice pass=wrong
echo "== pptpd's pppd (server log lines about RADIUS)"
grep -iE 'radius|rc_|authoriz|Framed|peer from calling|CHAP|local  IP|remote IP|auth' "$T/pptpd-console.log" | head -60 || true
echo "outputs in $T"
