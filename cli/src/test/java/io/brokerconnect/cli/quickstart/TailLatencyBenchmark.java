package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.pipeline.PipelineConfigs;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresServer;
import io.brokerconnect.tools.generator.BrokerDatabaseGenerator;
import io.brokerconnect.tools.generator.GeneratorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.types.Password;

/**
 * Benchmark (not a test): latency from a row committed to the broker's SQLite file to the same row visible in
 * PostgreSQL while the pipeline tails, with the quickstart's connector settings. After the snapshot of a small
 * generated database is through, a writer thread commits one new files row to SQLite every
 * {@code 1000 / rate} ms at a fixed rate (as small transactions, like a busy broker); the main thread polls PostgreSQL every 5 ms
 * for new rows and records when each becomes visible. Prints median, p90, p99 and max.
 *
 * <p>Run: {@code bench/tail-latency.sh [rows] [rows-per-second]} (default 2000 rows at 50/s).
 */
public final class TailLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path dir = Files.createTempDirectory("tail-latency");
        Path sqlite = dir.resolve("broker.sqlite3");
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(sqlite).fileRows(20_000).build());
        try (PostgresServer server = PostgresServer.builder().ignoreEnvironment().baseDirectory(dir).start();
             ConnectCluster cluster = ConnectCluster.builder("tail-latency").start()) {
            PostgresDatabase db = server.createDatabase("broker");
            ConnectionSettings pg = ConnectionSettings.resolve(db.jdbcUrl(), db.user(), new Password(db.password()),
                "disable", "public", Map.of());
            cluster.connect().configureConnector(PipelineConfigs.SINK, PipelineConfigs.sink(pg));
            cluster.connect().configureConnector(PipelineConfigs.SOURCE, PipelineConfigs.source(sqlite));
            try (Connection target = db.connect()) {
                Await.until(Duration.ofMinutes(3), () -> count(target) == 20_000, () -> "the snapshot reaches PostgreSQL");
                System.out.printf("Snapshot through; measuring %d rows at %d rows/s%n", rows, perSecond);
                List<Long> latencies = measure(sqlite, target, rows, perSecond);
                Collections.sort(latencies);
                System.out.printf("tail latency over %d rows (ms): median %d, p90 %d, p99 %d, max %d%n",
                    latencies.size(), pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                    latencies.get(latencies.size() - 1));
            }
        }
    }

    private static List<Long> measure(Path sqlite, Connection target, int rows, int perSecond) throws Exception {
        Map<Long, Long> committedAt = new java.util.concurrent.ConcurrentHashMap<>(); // ts -> nanos
        long base;
        int collectorId;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(timestamp), min(collector_id) FROM files")) {
            rs.next();
            base = rs.getLong(1) + 86_400; // after everything there: new rows only
            collectorId = rs.getInt(2);
        }
        // One row per tick at a fixed rate, each its own autocommit transaction: visible to readers from there.
        Connection writerConnection = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
        PreparedStatement insert = writerConnection.prepareStatement("INSERT OR IGNORE INTO files (timestamp, "
            + "collector_id, type_id, rough_size, exact_size) VALUES (?, ?, 2, 1000, 1001)");
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger written = new AtomicInteger();
        writer.scheduleAtFixedRate(() -> {
            int i = written.getAndIncrement();
            if (i >= rows) {
                writer.shutdown(); // also cancels this periodic task
                return;
            }
            long ts = base + i * 300L;
            try {
                insert.setLong(1, ts);
                insert.setInt(2, collectorId);
                insert.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e); // ends the writes; the check below reports the missing rows
            }
            committedAt.put(ts, System.nanoTime());
        }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
        Map<Long, Long> visibleAt = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(rows / perSecond + 120).toNanos();
        try (PreparedStatement poll = target.prepareStatement("SELECT extract(epoch FROM ts)::bigint FROM files "
            + "WHERE ts >= to_timestamp(?)")) {
            while (visibleAt.size() < rows && System.nanoTime() < deadline) {
                poll.setLong(1, base);
                long now;
                try (ResultSet rs = poll.executeQuery()) {
                    now = System.nanoTime();
                    while (rs.next()) {
                        visibleAt.putIfAbsent(rs.getLong(1), now);
                    }
                }
                Thread.sleep(5); // sampling interval of the visibility poll: bounds the measurement error to ~5 ms
            }
        }
        writer.shutdown();
        writer.awaitTermination(1, TimeUnit.MINUTES);
        insert.close();
        writerConnection.close();
        List<Long> latencies = new ArrayList<>();
        visibleAt.forEach((ts, seen) -> latencies.add((seen - committedAt.get(ts)) / 1_000_000));
        if (latencies.size() < rows) {
            throw new IllegalStateException("only " + latencies.size() + " of " + rows + " rows became visible");
        }
        return latencies;
    }

    private static long count(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM files")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the sink has not created the schema yet
            }
            throw new IllegalStateException(e);
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
