#!/usr/bin/env bash
# Parity with upstream's importer: the same broker SQLite database migrated twice into a throwaway PostgreSQL,
#   A = upstream's own one-shot importer, migration/postgres_bootstrap/bootstrap.py (+ schema.sql) at the layout's
#       revision (broker: f80b9a4, upstream main; mrt: v0.12.1, the released broker),
#   B = our pipeline, bin/broker-connect quickstart --target-layout LAYOUT --exit-when-synced,
# then compared object by object through what the broker reads: the two read views (every column, sorted rows),
# the collectors (project, name, base_uri, updates_interval_seconds), update_meta as a multiset, and the projects
# and query indexes. Prints a PASS/FAIL table with row counts; exits 1 on any difference, 2 on a setup problem.
#
# Usage: bench/upstream-parity.sh [--layout broker|mrt|both] [--files N] [--sqlite PATH] [--work-dir DIR] [--keep]
#   --files N     files rows of the generated database (default 50000; ignored with --sqlite)
#   --sqlite PATH compare on this broker database instead of a generated one (read-only)
#   --keep        keep the work dir (databases, logs, extracted upstream files) and print how to reopen it
# Needs: /usr/bin/python3 with psycopg 3 (Debian: python3-psycopg), PostgreSQL server binaries (Debian:
# postgresql-15, or PG_BIN=/path/to/bin), git (upstream mirror) or curl (GitHub), JDK 17 + Maven for bin/broker-connect.
# Installs nothing. Not part of mvn verify.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/bench"

layouts=both
files=50000
sqlite=""
work=""
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --layout) layouts="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    --sqlite) sqlite="$2"; shift 2 ;;
    --work-dir) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$layouts" in
  broker|mrt) ;;
  both) layouts="broker mrt" ;;
  *) echo "--layout must be broker, mrt or both" >&2; exit 2 ;;
esac

exec 3>&2 # the terminal's stderr, also for commands whose own output goes to a log
say() { printf '%s\n' "$*" >&2; }
# Every command that changes something is printed before it runs.
run() { printf '+ %s\n' "$*" >&3; "$@"; }

# ---------------------------------------------------------------------------------------------------------- 1. tools
PY=/usr/bin/python3 # Debian's python3-psycopg is for the system python; pyenv's python3 may shadow it on PATH
missing=0
if ! "$PY" -c 'import psycopg' 2>/dev/null; then
  say "missing: psycopg 3 for $PY (upstream's bootstrap.py needs it)"
  say "  install: apt-get install -y python3-psycopg"
  missing=1
fi
PG_BIN="${PG_BIN:-}"
if [ -z "$PG_BIN" ]; then
  for d in /usr/lib/postgresql/17/bin /usr/lib/postgresql/16/bin /usr/lib/postgresql/15/bin; do
    if [ -x "$d/initdb" ]; then PG_BIN="$d"; break; fi
  done
fi
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null; then PG_BIN="$(dirname "$(command -v initdb)")"; fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ] || [ ! -x "$PG_BIN/psql" ]; then
  say "missing: PostgreSQL server binaries (initdb, pg_ctl, psql); or set PG_BIN"
  say "  install: apt-get install -y postgresql-15"
  missing=1
fi
[ "$missing" = 0 ] || exit 2

mirror=/work/.mirror/bgpkit+bgpkit-broker/repo
revision() { case "$1" in broker) echo f80b9a4 ;; mrt) echo v0.12.1 ;; esac; }

# ----------------------------------------------------------------------------------------------- 2. work dir, server
if [ -z "$work" ]; then
  mkdir -p "$root/bench/target"
  work="$(mktemp -d "$root/bench/target/upstream-parity.XXXXXX")"
else
  mkdir -p "$work"
fi
work="$(cd "$work" && pwd)"
pgdata="$work/pgdata"
pglog="$work/postgres.log"
PGUSER_NAME=parity
# PostgreSQL refuses to run as root: then the server (only) runs as the postgres user.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then say "running as root and there is no postgres user to run the server as"; exit 2; fi
  as_pg=(runuser -u postgres --)
fi
port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
started=0
cleanup() {
  local rc=$?
  if [ "$started" = 1 ]; then
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ "$keep" = 1 ]; then
    say ""
    say "kept $work (server stopped); reopen with:"
    say "  ${as_pg[*]} $PG_BIN/pg_ctl -D $pgdata -o '-p $port -k /tmp' -l $pglog start"
    say "  $PG_BIN/psql -h 127.0.0.1 -p $port -U $PGUSER_NAME a_broker   (a_* = upstream, b_* = ours)"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$pgdata"
[ ${#as_pg[@]} -eq 0 ] || chown postgres "$pgdata" "$work"
run "${as_pg[@]}" "$PG_BIN/initdb" -D "$pgdata" -U "$PGUSER_NAME" --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log"
[ ${#as_pg[@]} -eq 0 ] || { touch "$pglog"; chown postgres "$pglog"; }
run "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pgdata" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -l "$pglog" -w start >/dev/null
started=1
export PGHOST=127.0.0.1 PGPORT="$port" PGUSER="$PGUSER_NAME" PGTZ=UTC PGOPTIONS="-c client_min_messages=warning"
psql_q() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
echo "trust" >"$work/pg-password" # trust authentication: any password does; quickstart wants a file

# ------------------------------------------------------------------------------------------------ the SQLite database
if [ -z "$sqlite" ]; then
  sqlite="$work/broker.sqlite3"
  run "$root/bin/broker-connect" generate --rows "$files" "$sqlite" >"$work/generate.log"
  tail -n +1 "$work/generate.log" | sed 's/^/  /' >&2
fi
sqlite="$(cd "$(dirname "$sqlite")" && pwd)/$(basename "$sqlite")"
# What upstream's importer cannot take: it skips NULL-name collectors and fails on a file whose collector or type id
# it cannot map (and on a NULL url: base_uri is NOT NULL).
"$PY" - "$sqlite" <<'EOF' >&2
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
q = lambda sql: db.execute(sql).fetchone()[0]
print(f"SQLite {sys.argv[1]}: files={q('SELECT count(*) FROM files'):,} collectors={q('SELECT count(*) FROM collectors')} "
      f"meta={q('SELECT count(*) FROM meta')}")
problems = {
    "collectors with NULL name (upstream skips them)": "SELECT count(*) FROM collectors WHERE name IS NULL",
    "collectors with NULL url (upstream: NOT NULL base_uri)": "SELECT count(*) FROM collectors WHERE url IS NULL",
    "files with an unmapped collector id (upstream fails)":
        "SELECT count(*) FROM files WHERE collector_id NOT IN (SELECT id FROM collectors WHERE name IS NOT NULL)",
    "files with an unmapped type id (upstream fails)": "SELECT count(*) FROM files WHERE type_id NOT IN (SELECT id FROM types)",
    "files with a non-INTEGER timestamp/size": "SELECT count(*) FROM files WHERE typeof(timestamp) <> 'integer' "
        "OR typeof(rough_size) NOT IN ('integer') OR typeof(exact_size) NOT IN ('integer')",
    "duplicate meta rows (same update_ts, duration, count)": "SELECT count(*) - count(DISTINCT update_ts || '|' || "
        "update_duration || '|' || insert_count) FROM meta",
}
for label, sql in problems.items():
    print(f"  {label}: {q(sql)}")
EOF

# -------------------------------------------------------------------------------------------------- per layout
# name|query for each object the broker reads; %S = data schema, %SV / %LV = search / latest view.
objects() {
  cat <<'EOF'
search view|SELECT * FROM %SV ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
latest view|SELECT * FROM %LV ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
collector|SELECT p.name, c.name, c.base_uri, c.updates_interval_seconds FROM %S.collector c JOIN %S.project p USING (project_id) ORDER BY 1, 2, 3, 4
update_meta|SELECT update_ts, update_duration_seconds, insert_count FROM %S.update_meta ORDER BY 1, 2, 3
project|SELECT name FROM %S.project ORDER BY 1
query indexes|SELECT tablename, indexname, replace(indexdef, 'CREATE INDEX IF NOT EXISTS', 'CREATE INDEX') FROM pg_indexes WHERE schemaname = '%S' ORDER BY 1, 2
EOF
}

overall=0
summary=()
for layout in $layouts; do
  rev="$(revision "$layout")"
  if [ "$layout" = broker ]; then sv=broker.file_search_view; lv=broker.file_latest_view; else sv=api.mrt_file_search; lv=api.mrt_file_latest; fi
  say ""
  say "=== layout $layout (upstream $rev) ==="

  # 3. upstream's importer into a_<layout>
  up="$work/upstream-$rev"
  mkdir -p "$up"
  for f in schema.sql bootstrap.py; do
    if [ -d "$mirror" ]; then
      printf '+ git -C %s show %s:migration/postgres_bootstrap/%s > %s\n' "$mirror" "$rev" "$f" "$up/$f" >&3
      git -C "$mirror" show "$rev:migration/postgres_bootstrap/$f" >"$up/$f"
    else
      run curl -fsSL -o "$up/$f" "https://raw.githubusercontent.com/bgpkit/bgpkit-broker/$rev/migration/postgres_bootstrap/$f"
    fi
  done
  printf '+ %s\n' "psql -d postgres -c 'CREATE DATABASE a_$layout' -c 'CREATE DATABASE b_$layout'" >&3
  psql_q -d postgres -c "CREATE DATABASE a_$layout" -c "CREATE DATABASE b_$layout"
  t0=$(date +%s%3N)
  run "$PY" "$up/bootstrap.py" "$sqlite" --database-url "postgresql://$PGUSER_NAME@127.0.0.1:$port/a_$layout" \
    >"$work/bootstrap-$layout.log" 2>&1 || { cat "$work/bootstrap-$layout.log" >&2; say "upstream's bootstrap.py failed"; exit 2; }
  t1=$(date +%s%3N)
  grep -E '^(verified|completed)' "$work/bootstrap-$layout.log" | sed 's/^/  upstream: /' >&2
  say "  upstream importer: $(( (t1 - t0) / 1000 )).$(( (t1 - t0) % 1000 / 100 )) s"

  # 4. our pipeline into b_<layout>
  run "$root/bin/broker-connect" quickstart --sqlite "$sqlite" --target-layout "$layout" --exit-when-synced \
    --pg-url "jdbc:postgresql://127.0.0.1:$port/b_$layout" --pg-user "$PGUSER_NAME" \
    --pg-password-file "$work/pg-password" --pg-sslmode disable --rest-port 0 --timeout PT20M \
    --work-dir "$work/quickstart-$layout" >"$work/quickstart-$layout.out" 2>&1 \
    || { tail -40 "$work/quickstart-$layout.out" >&2; say "quickstart failed (log: $work/quickstart-$layout/broker-connect.log)"; exit 2; }
  t2=$(date +%s%3N)
  grep -E 'verify took' "$work/quickstart-$layout.out" | tail -1 | sed 's/^ */  ours: quickstart /' >&2 || true
  say "  our pipeline: $(( (t2 - t1) / 1000 )).$(( (t2 - t1) % 1000 / 100 )) s"

  # 5. compare
  say ""
  printf '%-8s %-14s %10s %10s  %s\n' layout object "rows A" "rows B" result
  while IFS='|' read -r name sql; do
    sql="${sql//%SV/$sv}"; sql="${sql//%LV/$lv}"; sql="${sql//%S/$layout}"
    key="${name// /_}"
    a="$work/$layout-$key.a"; b="$work/$layout-$key.b"
    psql_q -d "a_$layout" -At -F '|' -c "$sql" >"$a"
    psql_q -d "b_$layout" -At -F '|' -c "$sql" >"$b"
    ra=$(wc -l <"$a"); rb=$(wc -l <"$b")
    if [ "$(sha256sum <"$a" | cut -c1-64)" = "$(sha256sum <"$b" | cut -c1-64)" ]; then
      result=PASS
    else
      result=FAIL; overall=1
    fi
    printf '%-8s %-14s %10s %10s  %s\n' "$layout" "$name" "$ra" "$rb" "$result"
    printf '  %s\n' "psql -At -c \"$sql\" | sha256sum" >&3
    summary+=("$layout $name $result")
    if [ "$result" = FAIL ]; then
      printf '  first differences (< upstream A, > ours B) for: %s\n' "$sql"
      diff "$a" "$b" | grep -E '^[<>]' | head -10 | sed 's/^/    /' || true
    fi
  done < <(objects)
done

say ""
if [ "$overall" = 0 ]; then say "upstream-parity: PASS (${summary[*]/%/;})"; else say "upstream-parity: FAIL"; fi
exit "$overall"
