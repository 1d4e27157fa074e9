package io.brokerconnect.tools.generator;

import java.util.List;

/**
 * Decides which files exist: the newest {@code fileRows} files of all series, ending at
 * {@code end}, and how that time span is split into the three loading phases.
 *
 * <p>Counting is analytic (a series has floor(end/p) - ceil(t/p) + 1 files in [t, end]), so the
 * oldest timestamp {@code t0} is found by binary search without materialising rows. At {@code t0}
 * itself only as many files are kept as needed to hit the exact row count, taken in
 * (collector id, type id) order.
 *
 * <p>Phases, newest 30% / next 10% / oldest 60% of rows: {@code [t0, backfillStart)} is restored
 * in time order (a backup), {@code [liveStart, end]} is crawled round by round, and
 * {@code [backfillStart, liveStart)} is back-filled later in chunks, newest chunk first.
 */
public final class Timeline {

    /** Greatest common divisor of all publishing periods: every file timestamp is on this grid. */
    public static final int GRID = 300;

    private final List<FileSeries> series;
    private final long end;
    private final long fileRows;
    private final long t0;
    private final boolean[] includedAtT0;
    private final long backfillStart;
    private final long liveStart;

    public Timeline(List<FileSeries> series, long end, long fileRows) {
        if (fileRows < 0) {
            throw new IllegalArgumentException("fileRows must be >= 0");
        }
        this.series = List.copyOf(series);
        this.end = end;
        this.fileRows = fileRows;
        this.includedAtT0 = new boolean[series.size()];
        if (fileRows == 0) {
            this.t0 = end + GRID;
            this.backfillStart = t0;
            this.liveStart = t0;
            return;
        }
        if (countFrom(0) < fileRows) {
            throw new IllegalArgumentException(fileRows + " rows do not fit between 1970 and " + end);
        }
        this.t0 = latestStartWithAtLeast(fileRows);
        long needAtT0 = fileRows - countFrom(t0 + GRID);
        for (FileSeries s : this.series) { // series are in (collector id, type id) order
            if (needAtT0 > 0 && s.isFileTime(t0)) {
                includedAtT0[s.index()] = true;
                needAtT0--;
            }
        }
        this.liveStart = Math.max(t0, latestStartWithAtLeast((long) Math.ceil(fileRows * 0.30)));
        this.backfillStart = Math.max(t0, Math.min(liveStart, latestStartWithAtLeast((long) Math.ceil(fileRows * 0.40))));
    }

    /** Files (of all series, ignoring the t0 cut) with timestamp in [t, end]. */
    public long countFrom(long t) {
        long total = 0;
        for (FileSeries s : series) {
            total += s.countBetween(t, end);
        }
        return total;
    }

    /** Largest grid time t with countFrom(t) >= rows. */
    private long latestStartWithAtLeast(long rows) {
        long lo = 0; // countFrom(0) >= rows
        long hi = Math.floorDiv(end, GRID) + 1; // countFrom(hi * GRID) == 0 < rows (rows >= 1)
        if (rows <= 0) {
            return hi * GRID;
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (countFrom(mid * GRID) >= rows) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo * GRID;
    }

    /** Whether the file of {@code s} at file time {@code ts} (<= end) is part of the database. */
    public boolean included(FileSeries s, long ts) {
        return ts > t0 || (ts == t0 && includedAtT0[s.index()]);
    }

    /** Newest included file of a series, or {@code Long.MIN_VALUE} if the series has none. */
    public long newestIncluded(FileSeries s) {
        long newest = s.alignDown(end);
        return newest >= t0 && included(s, newest) ? newest : Long.MIN_VALUE;
    }

    public List<FileSeries> series() {
        return series;
    }

    public long end() {
        return end;
    }

    public long fileRows() {
        return fileRows;
    }

    /** Oldest file timestamp in the database. */
    public long t0() {
        return t0;
    }

    /** Start of the back-filled span (end of the restored span). */
    public long backfillStart() {
        return backfillStart;
    }

    /** Start of the span loaded by live crawl rounds (end of the back-filled span). */
    public long liveStart() {
        return liveStart;
    }
}
