package io.brokerconnect.sink.task;

import java.time.Duration;

/**
 * When this task's part of a first load counts as caught up, so that the indexes deferred for it can be rebuilt:
 * once the task, having written records, has gone {@code first.load.caught.up.after.ms} without a put() of at least
 * {@link #BULK_PUT_RECORDS} records. During catch-up every poll returns thousands of records, while a consumer that
 * has caught up hands over small or empty batches (Connect calls put() with none when idle). A single small put is
 * not enough: right after start, polls return small batches too (e.g. just the collectors). Times are
 * {@link System#nanoTime()} values passed in.
 */
final class FirstLoadProgress {

    static final int BULK_PUT_RECORDS = 100;
    private static final long MIN_RECHECK_MILLIS = 1_000;

    private final Duration caughtUpAfter;
    private boolean pending;
    private boolean wroteRecords;
    private long lastBulkPutNanos;

    /** @param pending whether a first load with deferred indexes is under way when the task starts */
    FirstLoadProgress(boolean pending, Duration caughtUpAfter, long now) {
        this.pending = pending;
        this.caughtUpAfter = caughtUpAfter;
        this.lastBulkPutNanos = now;
    }

    /** Whether the deferred indexes are still to be rebuilt (by this task or another). */
    boolean pending() {
        return pending;
    }

    /** Records a put() of {@code records} records; true when the rebuild is due now. */
    boolean put(int records, long now) {
        if (records >= BULK_PUT_RECORDS) {
            lastBulkPutNanos = now;
        }
        boolean due = pending && wroteRecords && now - lastBulkPutNanos >= caughtUpAfter.toNanos();
        wroteRecords |= records > 0;
        return due;
    }

    /** The rebuild ran: {@code done} unless another task held it. */
    void rebuilt(boolean done) {
        pending = !done;
    }

    /**
     * How long Connect may wait before the next put() so that the caught-up check is not late: until it is due, or,
     * once due (another task was rebuilding), another caught-up period of at least a second. 0 = no need.
     */
    long nextCheckMillis(long now) {
        if (!pending || !wroteRecords) {
            return 0;
        }
        long remaining = caughtUpAfter.toMillis() - (now - lastBulkPutNanos) / 1_000_000;
        return remaining > 0 ? remaining + 1 : Math.max(caughtUpAfter.toMillis(), MIN_RECHECK_MILLIS);
    }
}
