#!/usr/bin/env bash
# The whole migration against a one-shot bulk loader, on the same broker SQLite file and the same PostgreSQL server
# (default settings), one after the other:
#   A = pgloader sqlite:///DB postgresql:///a_db   (its own schema, none of our conversions, no tailing)
#   B = bin/broker-connect quickstart --sqlite DB --pg-url .../b_db --exit-when-synced   (start to exit, verify included)
# Prints both times and the ratio A/B (issue 13's target: >= 0.5; the goal beyond it: >= 1.0), and the CPU the
# quickstart used per component (its JVM per thread, bench/lib/thread_cpu.py, and the PostgreSQL server), in total and
# per files row. BENCH_KEEP=1 keeps the work directory (logs, the quickstart's work dir) under bench/target.
# BASELINE_CHECKOUT=/path/to/another/checkout (its tools built) also runs that checkout's quickstart, into its own
# database of the same server, after ours: the baseline measured in the same run.
#
# Usage: bench/e2e.sh [FILES | --sqlite PATH]     (default: a generated database of 2000000 files, seed 9)
# Needs: pgloader (Debian: apt-get install pgloader), PostgreSQL server binaries (Debian: postgresql-15, or
# PG_BIN=/path/to/bin), JDK 17 + Maven for bin/broker-connect. Installs nothing. Not part of mvn verify.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=2000000
sqlite=""
case "${1:-}" in
  --sqlite) sqlite="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")" ;;
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) files="$1" ;;
esac
say() { printf '%s\n' "$*" >&2; }

command -v pgloader >/dev/null || { say "missing: pgloader (apt-get install -y pgloader)"; exit 2; }
PG_BIN="${PG_BIN:-}"
for d in /usr/lib/postgresql/17/bin /usr/lib/postgresql/16/bin /usr/lib/postgresql/15/bin; do
  [ -n "$PG_BIN" ] || { [ -x "$d/initdb" ] && PG_BIN="$d"; } || true
done
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/pg_ctl" ] || { say "missing: PostgreSQL server binaries (or set PG_BIN)"; exit 2; }

mkdir -p "$root/bench/target"
work="$(mktemp -d "$root/bench/target/e2e.XXXXXX")"
pgdata="$work/pgdata"
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$work"; fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
started=0
cleanup() {
  local rc=$?
  [ "$started" = 0 ] || "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$PG_BIN/initdb" -D "$pgdata" -U bench --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log"
touch "$work/postgres.log"; [ ${#as_pg[@]} -eq 0 ] || chown postgres "$work/postgres.log"
# Default settings, as the issue's comparison: only the port and the socket directory are given.
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pgdata" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" \
  -l "$work/postgres.log" -w start >/dev/null
started=1
psql_q() { "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U bench -v ON_ERROR_STOP=1 "$@"; }
psql_q -d postgres -c "CREATE DATABASE a_db" -c "CREATE DATABASE b_db"
echo "trust" >"$work/pg-password" # trust authentication: any password does; the quickstart wants a file

if [ -z "$sqlite" ]; then
  sqlite="$work/broker.sqlite3"
  say "Generating a broker database with $files files rows (seed 9) -> $sqlite"
  "$root/bin/broker-connect" generate --rows "$files" --seed 9 --out "$sqlite" >/dev/null
fi
[ ${#as_pg[@]} -eq 0 ] || chmod a+r "$sqlite"

files_rows="$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT count(*) FROM files").fetchone()[0])' "$sqlite")"
now() { date +%s.%N; }
say "A: pgloader ..."
t0="$(now)"
pgloader --quiet "sqlite://$sqlite" "postgresql://bench@127.0.0.1:$port/a_db" >"$work/pgloader.log" 2>&1 \
  || { cat "$work/pgloader.log" >&2; exit 1; }
a="$(echo "$(now) - $t0" | bc)"
# Untimed: vacuum what pgloader loaded now, so that autovacuum does not do it on the shared server while B runs.
psql_q -d a_db -c "VACUUM ANALYZE" >/dev/null
psql_q -d a_db -c "CHECKPOINT" >/dev/null  # and write its dirty pages out now, not during B

# run_quickstart CHECKOUT DATABASE NAME: the quickstart of a checkout into a database of the server, timed, with the CPU
# of its JVM per component (per thread) and of the PostgreSQL server sampled while it runs; sets $elapsed.
run_quickstart() {
  local checkout="$1" db="$2" name="$3"
  local t0; t0="$(now)"
  "$checkout/bin/broker-connect" quickstart --sqlite "$sqlite" --exit-when-synced --rest-port 0 --fresh \
    --work-dir "$work/$name" --pg-url "jdbc:postgresql://127.0.0.1:$port/$db" --pg-user bench \
    --pg-password-file "$work/pg-password" --pg-sslmode disable >"$work/$name.log" 2>&1 &
  local quickstart=$!
  python3 "$root/bench/lib/thread_cpu.py" "$quickstart" "$files_rows" "$(head -1 "$pgdata/postmaster.pid")" \
    >"$work/$name-cpu.txt" 2>"$work/$name-cpu.err" &
  local sampler=$!
  wait "$quickstart" || { tail -50 "$work/$name.log" >&2; exit 1; }
  elapsed="$(echo "$(now) - $t0" | bc)"
  wait "$sampler" || true
}

# The launcher's class-data archive (bin/broker-connect): the first quickstart after a build writes it at exit, later
# runs start faster with it. Which case this run is, is printed with the result.
cds="absent: this run writes it when it exits (slower once; run again for the usual case)"
if [ "${BROKER_CONNECT_CDS:-1}" = "0" ]; then
  cds="off (BROKER_CONNECT_CDS=0)"
else
  for jar in "$root"/cli/target/broker-connect-cli-*.jar; do
    # The launcher's own test: an archive older than the jar is written again.
    if [ -s "${jar%.jar}.jsa" ] && [ "${jar%.jar}.jsa" -nt "$jar" ]; then cds="present (written by an earlier quickstart)"; fi
  done
fi
say "B: bin/broker-connect quickstart --exit-when-synced ..."
run_quickstart "$root" b_db quickstart
b="$elapsed"
psql_q -d b_db -c "VACUUM ANALYZE" >/dev/null # the same for C
psql_q -d b_db -c "CHECKPOINT" >/dev/null
if [ -n "${BASELINE_CHECKOUT:-}" ]; then
  say "C: the quickstart of $BASELINE_CHECKOUT (baseline) ..."
  psql_q -d postgres -c "CREATE DATABASE c_db"
  run_quickstart "$BASELINE_CHECKOUT" c_db baseline
  c="$elapsed"
fi

rows="$(psql_q -d b_db -Atc "SELECT count(*) FROM files")"
printf 'RESULT pgloader:   %.1f s\n' "$a"
printf 'RESULT quickstart: %.1f s (start to exit, verify included; %s files in PostgreSQL)\n' "$b" "$rows"
printf 'RESULT quickstart class-data archive: %s\n' "$cds"
printf 'RESULT ratio pgloader/quickstart: %.2f (target >= 0.5)\n' "$(echo "$a / $b" | bc -l)"
sed 's/^/RESULT quickstart /' "$work/quickstart-cpu.txt"
if [ -n "${BASELINE_CHECKOUT:-}" ]; then
  printf 'RESULT baseline quickstart (%s): %.1f s, ratio pgloader/baseline %.2f\n' "$BASELINE_CHECKOUT" "$c" \
    "$(echo "$a / $c" | bc -l)"
  sed 's/^/RESULT baseline /' "$work/baseline-cpu.txt"
fi
