#!/usr/bin/env bash
# PostgreSQL for the admin API's database tests (issue 6): Debian's server, started without systemd,
# with a role and a database that the tests reach at a well-known local URL:
#   jdbc:postgresql://127.0.0.1:5432/pptp2wg_test  user pptp2wg_test  password pptp2wg_test
# (override with PPTP2WG_TEST_POSTGRES_URL / _USER / _PASSWORD). Idempotent: quick when done.
# Run as root by tools/setup.sh. The tests fail as root when this server is missing, skip otherwise.
set -euo pipefail

ROLE=pptp2wg_test
DB=pptp2wg_test
PORT=5432

if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
    echo "setup: installing postgresql"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
fi

# The newest installed server version, and its cluster on our port (created if the package did not).
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
cluster=$(pg_lsclusters -h | awk -v p="$PORT" '$3 == p { print $1 " " $2; exit }')
if [ -z "$cluster" ]; then
    pg_createcluster --port "$PORT" "$version" main >/dev/null
    cluster="$version main"
fi
read -r cver cname <<<"$cluster"

# Start it (no systemd in CI); pg_ctlcluster runs the server as the postgres user.
if ! pg_lsclusters -h | awk -v v="$cver" -v n="$cname" '$1 == v && $2 == n { print $4 }' | grep -q online; then
    pg_ctlcluster "$cver" "$cname" start
fi
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p "$PORT"

psql_as_postgres() {
    (cd / && runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -p "$PORT" "$@")
}
if [ "$(psql_as_postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
    psql_as_postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$ROLE'"
fi
if [ "$(psql_as_postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    psql_as_postgres -c "CREATE DATABASE $DB OWNER $ROLE"
fi
echo "setup: postgresql $cver/$cname on 127.0.0.1:$PORT, database $DB for the tests"
