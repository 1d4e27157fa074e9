#!/usr/bin/env bash
# Sink benchmark: our first load and replay, PostgreSQL's own COPY, and Debezium's JDBC sink, in one run.
# Usage: bench/sink.sh [rows] [phases]   (default 5000000 and ours,copy,debezium; "noop" adds a no-op sink: Connect's own ceiling;
#        "copy-bare" adds COPY into the bare table, then its primary key, indexes and foreign key (a bulk loader's way);
#        "ours-broker" and "ours-mrt" run our first load and replay into upstream's broker and mrt layouts, each into
#        its own empty database, e.g. bench/sink.sh 5000000 ours,ours-broker,ours-mrt,copy)
# One JVM hosts the Kafka broker and the Connect worker, so it gets both heaps of Kafka's own start scripts:
# kafka-server-start.sh -Xmx1G + connect-distributed.sh -Xmx2G = 3g (BENCH_HEAP overrides; BENCH_JAVA_OPTS adds flags).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-5000000}"
phases="${2:-ours,copy,debezium}"
mvn -B -q install -DskipTests
if [[ "$phases" == *debezium* ]]; then
  mvn -B -q -f bench/debezium/pom.xml package
fi
mvn -B -q -pl sink-connector exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Xmx${BENCH_HEAP:-3g} ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir=target -cp %classpath io.brokerconnect.sink.bench.SinkBenchmark ${rows} ${phases}"
