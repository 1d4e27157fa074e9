#!/usr/bin/env bash
# verify benchmark: generate a broker database, load a throwaway PostgreSQL 17 with the same content (source
# connector's reader + converters -> sink's writers, no Kafka), then time `verify` on it.
# Usage: bench/verify.sh [rows] [mode]
#   mode full   (default): generate, load, verify twice; prints RESULT lines and the verify table
#   mode sqlite          : generate, then time only the SQLite side of verify (for 55,000,000 rows: ~6 GB on disk)
# BENCH_DIR (default /tmp/broker-connect-bench) holds the database; it is deleted afterwards unless BENCH_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
mode="${2:-full}"
dir="${BENCH_DIR:-/tmp/broker-connect-bench}"
mkdir -p "$dir"
db="$dir/verify-${rows}.sqlite3"
mvn -B -q install -DskipTests
if [[ ! -f "$db" ]]; then
  java -Xmx512m -jar tools/target/broker-connect-tools-*.jar generate --rows "$rows" --damaged 1000 "$db"
fi
# A private copy of the classpath, so that another build installing into ~/.m2 cannot swap jars under the JVM.
mvn -B -q -pl cli clean test-compile dependency:copy-dependencies -DincludeScope=test -DoutputDirectory=target/bench-lib
java -Xmx"${BENCH_HEAP:-512m}" -Djava.io.tmpdir=cli/target -cp "cli/target/test-classes:cli/target/classes:cli/target/bench-lib/*" \
  io.brokerconnect.cli.verify.read.VerifyBenchmark "$mode" "$db"
if [[ "${BENCH_KEEP:-0}" != "1" ]]; then
  rm -f "$db" "$db-wal" "$db-shm"
fi
