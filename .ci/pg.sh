#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster for the warehouse tests and
# the checks benchmark. Trust auth on 127.0.0.1 only, fsync off: it holds test
# data and nothing else, so durability is traded for speed.
#
#   .ci/pg.sh start   # then: export DRIFTWATCH_PG_URL=postgres://postgres@127.0.0.1:${PGPORT:-55432}/postgres
#   .ci/pg.sh stop
set -euo pipefail

PGPORT="${PGPORT:-55432}"
# One fixed location per port, so `stop` finds what `start` made without state files elsewhere.
PGROOT="${DRIFTWATCH_PG_DIR:-${TMPDIR:-/tmp}/driftwatch-pg-$PGPORT}"
DATA="$PGROOT/data"
LOG="$PGROOT/server.log"

find_bin_dir() {
  local d
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  return 1
}

ensure_installed() {
  if find_bin_dir >/dev/null; then return; fi
  echo "pg.sh: installing postgresql from Debian apt" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

# Postgres refuses to run as root, so when we are root everything runs as `postgres`.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

start() {
  ensure_installed
  local bin; bin="$(find_bin_dir)"
  if [ -f "$DATA/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    echo "pg.sh: already running on 127.0.0.1:$PGPORT ($DATA)"
    return
  fi
  rm -rf "$PGROOT"
  mkdir -p "$PGROOT"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PGROOT"
  fi
  as_pg "$bin/initdb" -D "$DATA" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >/dev/null
  # The socket goes in our own dir: /var/run/postgresql may not exist or be writable.
  as_pg "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
    start >/dev/null
  local i
  for i in $(seq 1 60); do
    if "$bin/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q; then
      echo "pg.sh: ready on 127.0.0.1:$PGPORT"
      echo "export DRIFTWATCH_PG_URL=postgres://postgres@127.0.0.1:$PGPORT/postgres"
      return
    fi
    sleep 0.5
  done
  echo "pg.sh: server did not become ready; log follows" >&2
  cat "$LOG" >&2 || true
  exit 1
}

stop() {
  local bin
  if [ -d "$DATA" ] && bin="$(find_bin_dir)"; then
    as_pg "$bin/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGROOT"
  echo "pg.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
