package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.pipeline.PipelinePositions;
import io.brokerconnect.cli.pipeline.TablePosition;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refreshes the progress bars (in place on a terminal, every 10 s as plain lines otherwise) and says when every
 * table is synced: the source has read every SQLite row and the sink has committed every record on the topics.
 */
final class SyncLoop {

    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

    private final PipelinePositions positions;
    private final PrintWriter out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private final Map<String, ProgressBar> bars = new LinkedHashMap<>();
    private int linesOnScreen;
    private long lastPlainNanos;
    private long rowsInPostgres;

    SyncLoop(PipelinePositions positions, PrintWriter out, boolean interactive) {
        this.positions = positions;
        this.out = out;
        this.interactive = interactive;
    }

    /**
     * Reads positions, redraws; returns true when every table is synced (and at least one record arrived). A read
     * that fails (e.g. SQLite busy beyond its timeout while the broker writes) is reported and counts as not synced.
     */
    boolean refresh() {
        List<TablePosition> all;
        try {
            all = positions.read();
        } catch (SQLException | RuntimeException e) {
            release();
            out.println("(could not read the positions this time: " + e.getMessage() + ")");
            out.flush();
            return false;
        }
        long now = System.nanoTime();
        StringBuilder screen = new StringBuilder();
        boolean synced = true;
        long inPostgres = 0;
        for (TablePosition p : all) {
            ProgressBar bar = bars.computeIfAbsent(p.table(), t -> new ProgressBar(t, startNanos));
            screen.append(bar.update(p.inPostgres(), p.total(), now)).append('\n');
            synced &= p.synced();
            inPostgres += p.inPostgres();
        }
        rowsInPostgres = inPostgres;
        synced &= inPostgres > 0;
        draw(screen.toString(), now, synced);
        return synced;
    }

    /** Other output follows: the next draw starts below it instead of moving up over it. */
    void release() {
        linesOnScreen = 0;
    }

    long rowsInPostgres() {
        return rowsInPostgres;
    }

    private void draw(String screen, long now, boolean force) {
        if (interactive) {
            if (linesOnScreen > 0) {
                out.print("\033[" + linesOnScreen + "F"); // back to the first bar
            }
            screen.lines().forEach(line -> out.print(line + "\033[K\n")); // erase what a longer line left
            linesOnScreen = (int) screen.lines().count();
        } else if (force || now - lastPlainNanos >= PLAIN_EVERY_NANOS) {
            out.print(screen);
            lastPlainNanos = now;
        }
        out.flush();
    }
}
