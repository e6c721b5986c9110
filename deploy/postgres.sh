#!/usr/bin/env bash
# A local PostgreSQL for Compressor (idempotent).
#   deploy/postgres.sh install   install the server binaries if missing (Debian's postgresql package)
#   deploy/postgres.sh start     init <repo>/.data/postgres if needed, start it on 127.0.0.1:${COMPRESSOR_PG_PORT:-5433},
#                                create database "compressor" and print its connection string on stdout
#   deploy/postgres.sh stop      stop it (fast shutdown)
#   deploy/postgres.sh status    print the connection string and exit 0 when running, exit 3 when not
# Everything but the connection string goes to stderr, so `cs=$(deploy/postgres.sh start)` works.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${COMPRESSOR_PG_PORT:-5433}"
data="$root/.data/postgres"
log="$root/.data/postgres.log"
conn="Host=127.0.0.1;Port=$port;Database=compressor;Username=postgres"

# The newest installed server version wins; Debian puts each under /usr/lib/postgresql/<ver>/bin.
find_bin() {
  local ctl
  ctl=$(ls -1 /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$ctl" ] && [ -x "$(dirname "$ctl")/initdb" ] || return 1
  bindir="$(dirname "$ctl")"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# initdb and postgres refuse to run as root; Debian's package creates the postgres user for this.
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

require_bin() {
  find_bin || { echo "PostgreSQL server binaries not found: run deploy/postgres.sh install (or deploy/setup.sh)" >&2; exit 1; }
}

running() { [ -s "$data/PG_VERSION" ] && as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

cmd_install() {
  if find_bin; then
    echo "PostgreSQL server binaries present in $bindir" >&2
    return 0
  fi
  if ! is_root; then
    echo "PostgreSQL server binaries are missing. Install them as root:" >&2
    echo "  apt-get update && apt-get install -y postgresql" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Debian's postinst starts the default "main" cluster; a policy-rc.d answering 101 forbids that.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  local rc=0
  { apt-get update && apt-get install -y --no-install-recommends postgresql; } >&2 || rc=$?
  [ "$own_policy" -eq 1 ] && rm -f "$policy"
  [ "$rc" -eq 0 ] || { echo "apt-get failed ($rc)" >&2; exit "$rc"; }
  find_bin || { echo "postgresql installed but no server binaries found under /usr/lib/postgresql" >&2; exit 1; }
  echo "PostgreSQL server binaries installed in $bindir" >&2
}

cmd_start() {
  require_bin
  mkdir -p "$root/.data"
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    chmod 700 "$data"
    is_root && chown postgres:postgres "$data"
    as_pg "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
  fi
  if ! running; then
    touch "$log"
    is_root && chown postgres:postgres "$log"
    # TCP on loopback only; no unix socket, so the repository path length never matters.
    as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >&2
  fi
  local exists
  exists=$("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'compressor'")
  if [ "$exists" != "1" ]; then
    "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE compressor" >&2
  fi
  echo "$conn"
}

cmd_stop() {
  require_bin
  if running; then
    as_pg "$bindir/pg_ctl" -D "$data" -m fast -w stop >&2
  else
    echo "not running" >&2
  fi
}

cmd_status() {
  require_bin
  if running; then
    echo "$conn"
  else
    echo "not running" >&2
    exit 3
  fi
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
