#!/usr/bin/env bash
# Tail latency benchmark: SQLite commit -> row visible in PostgreSQL, through Kafka Connect with the quickstart's
# settings. Usage: bench/tail-latency.sh [rows (default 2000)] [rows per second (default 50)]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl cli -am >/dev/null
mvn -B -q -pl cli exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.brokerconnect.cli.quickstart.TailLatencyBenchmark -Dexec.args="${1:-2000} ${2:-50}"
