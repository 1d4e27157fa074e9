package io.brokerconnect.tools.generator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Keeps writing to a broker database the way the running broker does, so readers can be tested
 * against a live source.
 *
 * <p>Each round advances the broker clock by {@code simulatedRoundSeconds}, offers every file the
 * archives have published since (plus a few already stored ones, as the broker re-lists recent
 * files) in collector batches of up to 1,000 rows, each batch in its own transaction with its
 * {@code latest} upsert, then checkpoints the WAL and appends one meta row. Between rounds it
 * sleeps {@code interval} of wall time. The connection is opened like the broker's (WAL,
 * busy timeout), so concurrent readers slow it down at worst, never make it fail.
 *
 * <p>Use {@link #start(LiveWriterOptions)} for a background thread, or {@link #open} plus
 * {@link #runRound()} to drive rounds from a test.
 */
public final class LiveBrokerWriter implements AutoCloseable {

    /** What one round did. {@code offered - inserted} rows were duplicates the database ignored. */
    public record RoundResult(long round, long brokerTime, long offered, long inserted, boolean checkpointed) {
    }

    private final LiveWriterOptions options;
    private final Connection connection;
    private final LiveCrawl crawl;
    private final Object lock = new Object();
    private DualWriteTarget dualWriteTarget;  // guarded by lock
    private boolean sqliteWrites = true;      // guarded by lock
    private long clock;
    private long rounds;
    private long insertedRows;
    private long offeredRows;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private Thread thread;

    private LiveBrokerWriter(LiveWriterOptions options, Connection connection, LiveStateLoader.State state) {
        this.options = options;
        this.connection = connection;
        this.crawl = new LiveCrawl(state.series(), options.seed(), options.duplicatesPerSeries());
        this.clock = state.clock();
    }

    /** Opens the database and reads its state; no rounds run until {@link #runRound()} or {@link #start()}. */
    public static LiveBrokerWriter open(LiveWriterOptions options) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + options.database().toAbsolutePath());
        try {
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA busy_timeout=" + options.busyTimeout().toMillis());
                st.execute("PRAGMA journal_mode=WAL");
            }
            BrokerSchema.createAll(connection); // the broker's start-up DDL, a no-op on an existing database
            return new LiveBrokerWriter(options, connection, LiveStateLoader.load(connection));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Opens the database and starts writing on a background thread. */
    public static LiveBrokerWriter start(LiveWriterOptions options) throws SQLException {
        return open(options).start();
    }

    /** Starts the background thread (once). */
    public LiveBrokerWriter start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("already started");
            }
            thread = new Thread(this::loop, "live-broker-writer");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void loop() {
        try {
            while (!stopping && (options.maxRounds() == 0 || rounds() < options.maxRounds())) {
                runRound();
                synchronized (lock) {
                    if (!stopping) {
                        lock.wait(Math.max(1, options.interval().toMillis()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            synchronized (lock) {
                stopping = true;
                lock.notifyAll();
            }
        }
    }

    /** Runs one broker round now, on the calling thread. */
    public RoundResult runRound() throws SQLException {
        synchronized (lock) {
            long started = System.nanoTime();
            clock += options.simulatedRoundSeconds();
            long round = rounds + 1;
            long offered = 0;
            long inserted = 0;
            for (List<BrokerWrites.LiveFile> collectorItems : crawl.crawl(clock).values()) {
                for (int from = 0; from < collectorItems.size(); from += options.batchSize()) {
                    List<BrokerWrites.LiveFile> batch =
                            collectorItems.subList(from, Math.min(collectorItems.size(), from + options.batchSize()));
                    offered += batch.size();
                    long insertedHere = sqliteWrites ? insertBatch(batch) : 0;
                    long insertedThere = dualWriteTarget != null ? writeToTarget(batch) : 0;
                    inserted += sqliteWrites ? insertedHere : insertedThere;
                }
            }
            boolean checkpointed = sqliteWrites && options.checkpointEachRound() && BrokerWrites.checkpoint(connection);
            long duration = (System.nanoTime() - started) / 1_000_000_000L;
            if (sqliteWrites) {
                BrokerWrites.insertMeta(connection, clock + duration, duration, inserted);
            }
            if (dualWriteTarget != null) {
                writeMetaToTarget(clock + duration, duration, inserted);
            }
            rounds = round;
            offeredRows += offered;
            insertedRows += inserted;
            lock.notifyAll();
            RoundResult result = new RoundResult(round, clock, offered, inserted, checkpointed);
            options.roundListener().accept(result);
            return result;
        }
    }

    /**
     * From the next round on, also writes every batch and meta row to {@code target} (the broker's dual write);
     * {@code null} stops that again.
     */
    public void writeAlsoTo(DualWriteTarget target) {
        synchronized (lock) {
            this.dualWriteTarget = target;
        }
    }

    /**
     * From the next round on, stops writing SQLite (the last step of a cutover: the broker writes only the dual-write
     * target); requires a target.
     */
    public void stopWritingSqlite() {
        synchronized (lock) {
            if (dualWriteTarget == null) {
                throw new IllegalStateException("Set a dual-write target first: rounds would write nowhere");
            }
            this.sqliteWrites = false;
        }
    }

    private long writeToTarget(List<BrokerWrites.LiveFile> batch) throws SQLException {
        List<DualWriteTarget.CrawledFile> files = new java.util.ArrayList<>(batch.size());
        for (BrokerWrites.LiveFile f : batch) {
            files.add(new DualWriteTarget.CrawledFile(f.series().project.canonicalName(), f.series().collectorName,
                    f.series().type.dbName(), f.timestamp(), f.roughSize(), f.exactSize()));
        }
        try {
            long inserted = dualWriteTarget.writeFiles(files);
            if (!sqliteWrites) {
                for (BrokerWrites.LiveFile f : batch) { // the target is the only store now: advance from it
                    f.series().newestStored = Math.max(f.series().newestStored, f.timestamp());
                }
            }
            return inserted;
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("Dual-write target failed: " + e.getMessage(), e);
        }
    }

    private void writeMetaToTarget(long updateTs, long duration, long insertCount) throws SQLException {
        try {
            dualWriteTarget.writeMeta(updateTs, duration, insertCount);
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("Dual-write target failed: " + e.getMessage(), e);
        }
    }

    private long insertBatch(List<BrokerWrites.LiveFile> batch) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<BrokerWrites.LiveFile> inserted = BrokerWrites.insertFiles(connection, batch);
            BrokerWrites.upsertLatest(connection, inserted);
            connection.commit();
            for (BrokerWrites.LiveFile f : inserted) {
                f.series().newestStored = Math.max(f.series().newestStored, f.timestamp());
            }
            return inserted.size();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Rounds completed so far. */
    public long rounds() {
        synchronized (lock) {
            return rounds;
        }
    }

    /** Files rows really inserted so far (duplicates excluded). */
    public long insertedRows() {
        synchronized (lock) {
            return insertedRows;
        }
    }

    /** Files rows offered so far, including duplicates that were ignored. */
    public long offeredRows() {
        synchronized (lock) {
            return offeredRows;
        }
    }

    /** The simulated broker clock (epoch seconds) of the last round. */
    public long brokerTime() {
        synchronized (lock) {
            return clock;
        }
    }

    /** Waits until at least {@code n} rounds are done or the writer stopped; true if reached. */
    public boolean awaitRounds(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (rounds < n && !(stopping && thread != null)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return rounds >= n;
        }
    }

    /** Whether the background thread is still running. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** The error that stopped the background thread, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops the thread after the current round and closes the connection. */
    @Override
    public void close() throws SQLException {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            connection.close();
        }
    }
}
