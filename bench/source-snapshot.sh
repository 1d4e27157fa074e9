#!/usr/bin/env bash
# Source-only snapshot benchmark: SQLite -> Kafka rows/s and peak heap, for N generated rows (default 5,000,000).
# Usage: bench/source-snapshot.sh [rows] [converter-class]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
converter="${2:-org.apache.kafka.connect.json.JsonConverter}"
mvn -B -q install -DskipTests
mvn -B -q -pl source-connector exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Xmx${BENCH_HEAP:-1g} ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir=target -cp %classpath io.brokerconnect.source.bench.SourceSnapshotBenchmark ${rows} ${converter}"
