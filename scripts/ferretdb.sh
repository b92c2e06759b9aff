#!/usr/bin/env bash
# Runs FerretDB v1 (a MongoDB wire-protocol server) on the machine's PostgreSQL, for the MongoDB
# read-store tests: MongoDB itself cannot be installed here. See docs/decisions/0005-ferretdb-for-mongodb-tests.md.
#
#   scripts/ferretdb.sh start   build if needed, start in the background, wait for a ping, print MONGODB_URL
#   scripts/ferretdb.sh stop    stop the instance this script started
#   scripts/ferretdb.sh url     print MONGODB_URL
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/ferretdb"
run_dir="$root/.tools/run"
pid_file="$run_dir/ferretdb.pid"
log_file="$run_dir/ferretdb.log"
listen_addr="${FERRETDB_LISTEN_ADDR:-127.0.0.1:27017}"
pg_host="${FERRETDB_PG_HOST:-127.0.0.1}"
pg_port="${FERRETDB_PG_PORT:-5432}"
pg_database="${FERRETDB_PG_DATABASE:-ferretdb}"
mongodb_url="mongodb://$listen_addr/safety_skills_test"

build() {
  [[ -x "$bin" ]] && return
  echo "building FerretDB into $bin" >&2
  (cd "$root/tools/ferretdb" && go build -o "$bin" .)
}

psql_postgres() {
  psql -h "$pg_host" -p "$pg_port" -U postgres -d postgres -tAq "$@"
}

ensure_postgresql() {
  if ! pg_isready -h "$pg_host" -p "$pg_port" -q; then
    echo "starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do pg_isready -h "$pg_host" -p "$pg_port" -q && break; sleep 0.5; done
  fi
  if [[ "$(psql_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$pg_database'")" != "1" ]]; then
    psql_postgres -c "CREATE DATABASE $pg_database"
  fi
}

running() {
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

ping() {
  (cd "$root" && MONGODB_URL="$mongodb_url" node --input-type=module -e "
    import { MongoClient } from 'mongodb';
    const client = new MongoClient(process.env.MONGODB_URL, { serverSelectionTimeoutMS: 1000 });
    try { await client.db('admin').command({ ping: 1 }); } finally { await client.close(); }
  ") >/dev/null 2>&1
}

start() {
  if running && ping; then
    echo "MONGODB_URL=$mongodb_url"
    return
  fi
  build
  ensure_postgresql
  mkdir -p "$run_dir"
  nohup "$bin" --listen-addr="$listen_addr" --handler=postgresql \
    --postgresql-url="postgres://postgres@$pg_host:$pg_port/$pg_database" >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 60); do
    if ping; then
      echo "MONGODB_URL=$mongodb_url"
      return
    fi
    running || break
    sleep 0.5
  done
  echo "FerretDB did not answer a ping; see $log_file" >&2
  exit 1
}

stop() {
  if running; then
    kill "$(cat "$pid_file")"
    echo "FerretDB stopped" >&2
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "MONGODB_URL=$mongodb_url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
