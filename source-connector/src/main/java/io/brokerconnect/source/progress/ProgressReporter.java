package io.brokerconnect.source.progress;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs table progress at most once per interval while the task is catching up (the snapshot), and once more when
 * it has caught up; a task that is merely tailing stays quiet.
 */
public final class ProgressReporter {

    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

    private final List<TableProgress> tables;
    private final long intervalNanos;
    private long lastLogNanos;
    private boolean wasCatchingUp = true;

    public ProgressReporter(List<TableProgress> tables, Duration interval, long nowNanos) {
        this.tables = List.copyOf(tables);
        this.intervalNanos = interval.toNanos();
        this.lastLogNanos = nowNanos;
    }

    public void maybeLog(long nowNanos) {
        boolean catchingUp = tables.stream().anyMatch(t -> !t.caughtUp());
        boolean justCaughtUp = wasCatchingUp && !catchingUp;
        if ((catchingUp && nowNanos - lastLogNanos >= intervalNanos) || justCaughtUp) {
            for (TableProgress table : tables) {
                log.info("{}{}", justCaughtUp ? "Caught up. " : "Snapshot progress. ", table.describe(nowNanos));
            }
            lastLogNanos = nowNanos;
        }
        wasCatchingUp = catchingUp;
    }
}
