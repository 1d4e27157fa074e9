package io.brokerconnect.sink.task;

import java.time.Duration;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Asks Connect for an offset commit as soon as the task goes idle after writing, instead of waiting for the worker's
 * {@code offset.flush.interval.ms} (60 s by default): at the end of a backlog, or between two of the broker's
 * updates, the committed offsets then reach what is written within {@code commit.when.idle.ms}.
 *
 * <p>How: after a put() with records, the next poll is capped at the idle time ({@link SinkTaskContext#timeout}), so
 * that Connect calls put() again, with no records, if nothing more arrived; that empty put() requests the commit.
 * While records keep coming, nothing changes: the worker commits on its own schedule.
 */
final class IdleCommit {

    private final long idleMillis;
    private boolean writtenSinceCommit;

    IdleCommit(Duration idle) {
        this.idleMillis = idle.toMillis();
    }

    /**
     * Call at the end of every put() that returns normally; returns how long the next poll may wait for records
     * (to be passed to {@link SinkTaskContext#timeout}), or 0 for no limit.
     */
    long afterPut(boolean hadRecords, SinkTaskContext context) {
        if (idleMillis <= 0) {
            return 0;
        }
        if (hadRecords) {
            writtenSinceCommit = true;
            return idleMillis;
        }
        if (writtenSinceCommit) {
            // Until preCommit shows the commit ran: Connect skips a requested commit while an earlier one is in flight.
            context.requestCommit();
            return idleMillis;
        }
        return 0;
    }

    /** Connect is committing (preCommit): nothing written is waiting for a commit any more. */
    void committing() {
        writtenSinceCommit = false;
    }
}
