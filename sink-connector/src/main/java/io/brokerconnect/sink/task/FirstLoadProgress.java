package io.brokerconnect.sink.task;

import java.time.Duration;

/**
 * When this task's part of a first load counts as caught up, so that the indexes deferred for it can be rebuilt:
 * once the task, having written a bulk put (at least {@link #BULK_PUT_RECORDS} records), has gone
 * {@code first.load.caught.up.after.ms} without another. During catch-up every poll returns thousands of records,
 * while a consumer that has caught up hands over small or empty batches (Connect calls put() with none when idle).
 *
 * <p>Small puts alone are weak evidence: right after start a task may get just the collectors, and the files follow
 * only once the source has warmed up, which on a busy machine took over a second. Counting that pause as caught up
 * rebuilt the indexes before the load had begun, and all of it then went through the slower keyed path. So a task
 * that has only ever had small puts (that, or a very small database) waits {@link #WITHOUT_BULK_FACTOR} times the
 * period after its last record. Times are {@link System#nanoTime()} values passed in.
 */
final class FirstLoadProgress {

    static final int BULK_PUT_RECORDS = 100;
    /** How many caught-up periods a task that has had no bulk put yet waits. */
    static final int WITHOUT_BULK_FACTOR = 5;
    private static final long MIN_RECHECK_MILLIS = 1_000;

    private final Duration caughtUpAfter;
    private boolean pending;
    private boolean wroteRecords;
    private boolean wroteBulk;
    /** The last bulk put once there was one, until then the last put with records (or the start). */
    private long quietSinceNanos;

    /** @param pending whether a first load with deferred indexes is under way when the task starts */
    FirstLoadProgress(boolean pending, Duration caughtUpAfter, long now) {
        this.pending = pending;
        this.caughtUpAfter = caughtUpAfter;
        this.quietSinceNanos = now;
    }

    /** Whether the deferred indexes are still to be rebuilt (by this task or another). */
    boolean pending() {
        return pending;
    }

    /** Whether a put() of this many records is a bulk put, the sign of a load still catching up. */
    static boolean isBulk(int records) {
        return records >= BULK_PUT_RECORDS;
    }

    /** Records a put() of {@code records} records; true when the rebuild is due now. */
    boolean put(int records, long now) {
        boolean due = pending && wroteRecords && now - quietSinceNanos >= quietPeriod().toNanos();
        if (isBulk(records) || (records > 0 && !wroteBulk)) {
            quietSinceNanos = now;
        }
        wroteRecords |= records > 0;
        wroteBulk |= isBulk(records);
        return due && !isBulk(records);
    }

    private Duration quietPeriod() {
        return wroteBulk ? caughtUpAfter : caughtUpAfter.multipliedBy(WITHOUT_BULK_FACTOR);
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
        long period = quietPeriod().toMillis();
        long remaining = period - (now - quietSinceNanos) / 1_000_000;
        return remaining > 0 ? remaining + 1 : Math.max(period, MIN_RECHECK_MILLIS);
    }
}
