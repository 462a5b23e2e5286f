#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for test/postgres-store.test.ts.
#
#   test/helpers/start-postgres.sh start DIR   creates a cluster in the empty (or missing) directory DIR, starts it
#                                              on 127.0.0.1 with a free port and prints its URL on stdout:
#                                              postgres://postgres@127.0.0.1:PORT/postgres
#   test/helpers/start-postgres.sh stop DIR    stops that cluster and removes DIR
#
# Usage in a shell:
#   pg_dir=$(mktemp -d)
#   export ZENODO_STATS_TEST_POSTGRES=$(test/helpers/start-postgres.sh start "$pg_dir")
#   trap 'test/helpers/start-postgres.sh stop "$pg_dir"' EXIT
#
# The server binaries come from $PG_BIN if set, else from the newest /usr/lib/postgresql/<version>/bin (Debian's
# `postgresql` package installs them there and leaves them off PATH), else from `initdb` on PATH. PostgreSQL refuses
# to run as root, so as root the cluster belongs to the `postgres` user (which Debian's package creates). The
# cluster trusts every local connection and runs with fsync off: it is for tests only.
set -euo pipefail

marker=zenodo-stats-test-cluster

die() {
  echo "start-postgres.sh: $*" >&2
  exit 1
}

find_bin_dir() {
  if [[ -n "${PG_BIN:-}" ]]; then
    [[ -x "$PG_BIN/initdb" ]] || die "PG_BIN=$PG_BIN has no initdb"
    echo "$PG_BIN"
    return
  fi
  local newest
  newest=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
  if [[ -n "$newest" ]]; then
    dirname "$newest"
    return
  fi
  local on_path
  on_path=$(command -v initdb 2>/dev/null) || die "no PostgreSQL server found: install Debian's postgresql package, or set PG_BIN"
  dirname "$(readlink -f "$on_path")"
}

# Runs a command as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A port nobody listens on now. Another process may take it before the server binds it: `start` retries.
pick_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

start() {
  local dir=$1
  local bin
  bin=$(find_bin_dir)
  mkdir -p "$dir"
  [[ -z "$(ls -A "$dir")" ]] || die "$dir is not empty"
  dir=$(cd "$dir" && pwd)
  touch "$dir/$marker"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the postgres user (Debian's postgresql package creates it)"
    chown -R postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot reach $dir (a parent directory is private?): use a directory under /tmp"
  fi
  as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust --encoding=UTF8 --no-locale \
    --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  }
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(pick_port)
    if as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
      -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null; then
      echo "$port" >"$dir/port"
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      echo "start-postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port, data in $dir" >&2
      return
    fi
    echo "start-postgres.sh: start on port $port failed (attempt $attempt):" >&2
    tail -n 5 "$dir/server.log" >&2 || true
  done
  die "the server did not start; see $dir/server.log"
}

stop() {
  local dir=$1
  [[ -d "$dir" ]] || return 0
  [[ -e "$dir/$marker" ]] || die "$dir was not made by start-postgres.sh: not touching it"
  local bin
  bin=$(find_bin_dir)
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null ||
      echo "start-postgres.sh: pg_ctl stop failed" >&2
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [[ $# -eq 2 ]] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start DIR | stop DIR" ;;
esac
