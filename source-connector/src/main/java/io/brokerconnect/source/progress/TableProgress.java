package io.brokerconnect.source.progress;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Counters for one table: what happened to the rows read since the task started, and how far the table extends.
 * Rowids of broker tables are dense (rows are never deleted), so {@code max(rowid) - position} is the number of
 * rows still to read; that is cheap to probe on a 55-million-row table where {@code count(*)} is not.
 * Written by the task thread and read by metric reporters, hence volatile fields.
 */
public final class TableProgress {

    private final String table;
    private final long startNanos;
    private volatile long emitted;
    private volatile long rejected;
    private volatile long filtered;
    private volatile long position;
    private volatile long maxRowid;
    private volatile long renumberings;

    public TableProgress(String table, long startPosition, long startNanos) {
        this.table = table;
        this.position = startPosition;
        this.startNanos = startNanos;
    }

    public String table() {
        return table;
    }

    public void emitted() {
        emitted++;
    }

    public void rejected() {
        rejected++;
    }

    public void filtered() {
        filtered++;
    }

    public void position(long rowid) {
        position = rowid;
    }

    public void maxRowid(long rowid) {
        maxRowid = rowid;
    }

    public void renumberings(long count) {
        renumberings = count;
    }

    public long emittedCount() {
        return emitted;
    }

    public long rejectedCount() {
        return rejected;
    }

    public long filteredCount() {
        return filtered;
    }

    public long processedCount() {
        return emitted + rejected + filtered;
    }

    public long positionRowid() {
        return position;
    }

    public long renumberingCount() {
        return renumberings;
    }

    public long remaining() {
        return Math.max(0, maxRowid - position);
    }

    /** Rows processed since the task started plus rows left: the size of this run's work. */
    public long total() {
        return processedCount() + remaining();
    }

    public boolean caughtUp() {
        return remaining() == 0;
    }

    /** Rows processed per second since the task started. */
    public double ratePerSecond(long nowNanos) {
        double seconds = (nowNanos - startNanos) / 1e9;
        return seconds <= 0 ? 0 : processedCount() / seconds;
    }

    public OptionalLong etaSeconds(long nowNanos) {
        double rate = ratePerSecond(nowNanos);
        if (caughtUp()) {
            return OptionalLong.of(0);
        }
        return rate <= 0 ? OptionalLong.empty() : OptionalLong.of((long) Math.ceil(remaining() / rate));
    }

    /** One human-readable line, e.g. {@code files: 1,200,000 of 5,000,000 rows (24.0%), 95,000 rows/s, ETA 40s}. */
    public String describe(long nowNanos) {
        long total = total();
        double percent = total == 0 ? 100.0 : 100.0 * processedCount() / total;
        OptionalLong eta = etaSeconds(nowNanos);
        return String.format("%s: %,d of %,d rows (%.1f%%), %,.0f rows/s, ETA %s; emitted %,d, errors %,d, "
                + "filtered %,d, at rowid %,d", table, processedCount(), total, percent, ratePerSecond(nowNanos),
            eta.isPresent() ? formatDuration(Duration.ofSeconds(eta.getAsLong())) : "unknown",
            emitted, rejected, filtered, position);
    }

    private static String formatDuration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
