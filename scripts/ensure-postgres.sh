#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with database `test` (trust auth for
# local TCP, as on the development machines):
#   - installs PostgreSQL from the distribution's packages (apt-get) when it is missing,
#   - starts every installed but stopped cluster (Debian pg_ctlcluster, else `service`),
#   - creates a cluster when the package left none,
#   - allows trust auth on 127.0.0.1/::1 and creates database `test` when missing.
# Safe to run again: does nothing to a server that already answers except the two checks above.
set -uo pipefail
HOST=127.0.0.1
PORT=5432
log() { echo "ensure-postgres: $*" >&2; }
# root runs commands directly; others go through `sudo -n` when it is available without a password
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else "$@"; fi
}
answers() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }
wait_until_answers() {
  for _ in $(seq 1 30); do answers && return 0; sleep 1; done
  return 1
}

if ! command -v pg_isready >/dev/null 2>&1; then
  log "PostgreSQL is not installed; installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  { as_root apt-get update -qq && as_root apt-get install -y -qq postgresql >/dev/null; } \
    || { log "apt-get install postgresql failed: install PostgreSQL and rerun"; exit 1; }
fi

if ! answers; then
  log "PostgreSQL does not answer on $HOST:$PORT; starting it"
  if command -v pg_lsclusters >/dev/null 2>&1; then
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
      ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
      [ -n "$ver" ] && { log "no cluster exists; creating $ver/main on port $PORT"; as_root pg_createcluster "$ver" main -p "$PORT" >/dev/null; }
    fi
    # columns: version cluster port status owner datadir logfile
    pg_lsclusters -h 2>/dev/null | while read -r ver name port status _; do
      case "$status" in
        online*) ;;
        *) log "starting cluster $ver/$name (port $port)"
           as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
             || log "pg_ctlcluster $ver $name start failed (see /var/log/postgresql/postgresql-$ver-$name.log)";;
      esac
    done
  elif command -v service >/dev/null 2>&1; then
    as_root service postgresql start || log "service postgresql start failed"
  fi
  wait_until_answers
fi
answers || { log "PostgreSQL still does not answer on $HOST:$PORT: check its log and that it listens on port $PORT"; exit 1; }

psql_postgres() { psql -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc "$1"; }
if ! psql_postgres 'select 1' >/dev/null 2>&1; then
  hba=$(ls /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | head -1)
  if [ -n "$hba" ]; then
    log "allowing trust auth for local TCP connections in $hba"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload || true
    done
    sleep 1
  fi
  psql_postgres 'select 1' >/dev/null || { log "cannot connect as user postgres without a password on $HOST:$PORT"; exit 1; }
fi
psql_postgres "select 1 from pg_database where datname='test'" | grep -q 1 \
  || psql_postgres 'create database test' >/dev/null \
  || { log "cannot create database test"; exit 1; }
echo "ensure-postgres: PostgreSQL answers on $HOST:$PORT (database test)"
