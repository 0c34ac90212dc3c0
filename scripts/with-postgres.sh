#!/usr/bin/env bash
# Run COMMAND against a throwaway PostgreSQL server: initdb in a temp folder, start it on a free
# loopback port (socket in the same folder), export DATABASE_URL, run COMMAND, stop and delete the
# server whatever happens. Uses Debian's postgresql (installed when absent and run as root); as root
# the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
#   bash scripts/with-postgres.sh npm run test:postgres
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/with-postgres.sh COMMAND [ARGS…]" >&2; exit 2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "with-postgres: PostgreSQL is not installed: apt-get install postgresql (as root)" >&2
    exit 1
  fi
  echo "with-postgres: installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(pg_bin)

dir=$(mktemp -d "${TMPDIR:-/tmp}/retention-pg.XXXXXX")
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

stop() {
  as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
as_owner "$BIN/initdb" -D "$dir/data" -U retention -A trust --no-sync >/dev/null
as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U retention retention
export DATABASE_URL="postgres://retention@127.0.0.1:$port/retention"
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
set +e
"$@"
status=$?
exit $status
