#!/usr/bin/env bash
# A PostgreSQL server of a test's own, from Debian's binaries (/usr/lib/postgresql/*/bin), so that a test may stop
# and start its database without disturbing the machine's shared server (tools/setup.d/30-postgres.sh) that other
# tests use. Used by admin-api's PrivatePostgres and the lab's PostgresServer; by hand:
#   tools/private-postgres.sh start DIR PORT [LISTEN_ADDRESS] [CLIENT_CIDR]   initdb into DIR/data (first time), start;
#                                                                         prints "pid=N" (the postmaster)
#   tools/private-postgres.sh stop DIR     stops the postmaster that DIR/data/postmaster.pid names (fast shutdown,
#                                          SIGKILL to that PID after 20 s); DIR stays, start works again
#   tools/private-postgres.sh delete DIR   stop, then remove DIR
# The superuser is pptp2wg_test / pptp2wg_test (a test password); the database "postgres". LISTEN_ADDRESS defaults to
# 127.0.0.1; CLIENT_CIDR (a documentation network, e.g. 192.0.2.0/24) may connect too. Run inside a network
# namespace with `ip netns exec NS tools/private-postgres.sh ...`. As root, the server runs as the postgres user.
# Every wait is bounded; a failed start stops what it started.
set -euo pipefail

USER_NAME=pptp2wg_test
PASSWORD=pptp2wg_test
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "private-postgres: no /usr/lib/postgresql/*/bin/initdb: run tools/setup.sh (as root) first" >&2
    exit 3
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The PID in postmaster.pid, if that process is alive and is a postgres serving this data directory.
our_pid() {
    local data=$1 pid
    [ -f "$data/postmaster.pid" ] || return 1
    pid=$(head -1 "$data/postmaster.pid")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    serving "$pid" "$data" || return 1
    echo "$pid"
}

# Whether PID is alive (not a zombie: its cmdline is empty then) and a postgres serving this data directory.
serving() {
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q -- "$2"
}

stop() {
    local dir=$1 data=$1/data pid
    pid=$(our_pid "$data") || return 0
    as_owner "$BIN/pg_ctl" -D "$data" -m fast -w -t 20 stop >/dev/null 2>&1 || true
    if serving "$pid" "$data"; then
        echo "private-postgres: postmaster $pid did not stop within 20 s: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do serving "$pid" "$data" || break; sleep 0.1; done
    fi
}

start() {
    local dir=$1 port=$2 listen=${3:-127.0.0.1} clients=${4:-} data=$1/data
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "private-postgres: bad port '$port'" >&2; exit 2; }
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    chmod 0700 "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
        printf '%s\n' "$PASSWORD" >"$dir/pwfile"
        if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/pwfile"; fi
        as_owner "$BIN/initdb" -D "$data" -U "$USER_NAME" --pwfile="$dir/pwfile" -A scram-sha-256 -E UTF8 \
            --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
        rm -f "$dir/pwfile"
        if [ -n "$clients" ]; then
            echo "host all all $clients scram-sha-256" | as_owner tee -a "$data/pg_hba.conf" >/dev/null
        fi
    fi
    # A test database: nothing needs to survive a crash of the machine.
    local opts="-c listen_addresses=$listen -p $port -k $dir -c max_connections=300 -c fsync=off"
    opts+=" -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
    if ! as_owner "$BIN/pg_ctl" -D "$data" -l "$dir/server.log" -o "$opts" -w -t 30 start >/dev/null; then
        tail -20 "$dir/server.log" >&2 || true
        stop "$dir"
        exit 1
    fi
    local pid
    pid=$(our_pid "$data") || { echo "private-postgres: started, but no postmaster.pid" >&2; exit 1; }
    echo "pid=$pid"
}

case "${2:-}" in
    /*) ;;
    *) echo "private-postgres: DIR must be an absolute path" >&2; exit 2 ;;
esac
cd / # the postgres user may not enter the caller's directory

case "${1:-}" in
    start) [ $# -ge 3 ] || { echo "usage: $0 start DIR PORT [LISTEN_ADDRESS] [CLIENT_CIDR]" >&2; exit 2; }
        start "$2" "$3" "${4:-}" "${5:-}" ;;
    stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
        stop "$2" ;;
    delete) [ $# -eq 2 ] || { echo "usage: $0 delete DIR" >&2; exit 2; }
        stop "$2"
        case "$2" in /tmp/*|*/target/*) rm -rf -- "$2" ;; *) echo "private-postgres: not removing $2 (not under /tmp or target/)" >&2 ;; esac ;;
    *) echo "usage: $0 start|stop|delete DIR ..." >&2; exit 2 ;;
esac
