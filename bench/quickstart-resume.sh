#!/usr/bin/env bash
# Start-up of a fresh quickstart against a resumed one, on the same generated broker database:
#   1. fresh:   bin/broker-connect quickstart --sqlite DB --work-dir W --fresh, killed (SIGKILL) once PostgreSQL
#               holds KILL_AT files rows;
#   2. resumed: the same command without --fresh, run to the end (--exit-when-synced).
# For each it prints the seconds from launch to the first files row that run wrote into PostgreSQL, and for the
# resumed run the seconds to exit (synced and verified).
#
# Usage: bench/quickstart-resume.sh [FILES] [KILL_AT]    (defaults 5000000 and 1000000)
# Needs: psql (Debian: postgresql-client), JDK 17 + Maven for bin/broker-connect. Not part of mvn verify.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${1:-5000000}"
kill_at="${2:-1000000}"
work="$(mktemp -d /tmp/qs-resume.XXXXXX)"
db="$work/broker.sqlite3"
export JAVA_OPTS="${JAVA_OPTS:--Xmx2g}"

echo "Generating a broker database with $files files rows -> $db" >&2
"$root/bin/broker-connect" generate --rows "$files" --out "$db" >/dev/null

now() { date +%s.%N; }
# The run's PostgreSQL, as the quickstart prints it ("PostgreSQL:   jdbc:postgresql://127.0.0.1:PORT/DB (...").
pg_url() { { grep -o 'PostgreSQL: *jdbc:postgresql://[^ ]*' "$1" || true; } | head -1 | sed 's/.*jdbc:postgresql:\/\//postgresql:\/\/postgres@/'; }
files_in_pg() { psql "$1" -Atc "SELECT count(*) FROM files" 2>/dev/null || echo 0; }

# Starts a run (extra options in $3), waits until PostgreSQL's files count passes $2; sets $pid and $first_row
# (seconds from launch to that first row) and $launched.
start_and_time_first_row() {
  local log="$1" before="$2" url="" count=0
  launched="$(now)"
  "$root/bin/broker-connect" quickstart --sqlite "$db" --work-dir "$work/run" --rest-port 0 --exit-when-synced \
    ${3:-} >"$log" 2>&1 &
  pid=$!
  until [ -n "$url" ]; do sleep 0.1; kill -0 "$pid" || { cat "$log"; exit 1; }; url="$(pg_url "$log")"; done
  until [ "$count" -gt "$before" ]; do
    sleep 0.1; kill -0 "$pid" || { cat "$log"; exit 1; }; count="$(files_in_pg "$url")"
  done
  first_row="$(echo "$(now) - $launched" | bc)"
}

start_and_time_first_row "$work/fresh.log" 0 --fresh
fresh_first="$first_row"
url="$(pg_url "$work/fresh.log")"
until [ "$(files_in_pg "$url")" -ge "$kill_at" ]; do sleep 0.2; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
sleep 1 # the killed run's PostgreSQL keeps running (its sessions are gone); the resumed run stops it
at_kill="$(files_in_pg "$url")"

start_and_time_first_row "$work/resumed.log" "$at_kill" ""
resumed_first="$first_row"
code=0; wait "$pid" || code=$?
resumed_total="$(echo "$(now) - $launched" | bc)"
grep -q "Resuming the run kept in" "$work/resumed.log" || { echo "the second run did not resume" >&2; exit 1; }

printf 'RESULT fresh run:   first files row in PostgreSQL %.1f s after launch (killed with %s of %s files in)\n' \
  "$fresh_first" "$at_kill" "$files"
printf 'RESULT resumed run: first new files row in PostgreSQL %.1f s after launch; synced and verified (exit %s) %.1f s after launch\n' \
  "$resumed_first" "$code" "$resumed_total"
echo "logs: $work/fresh.log $work/resumed.log (rm -rf $work when done)"
