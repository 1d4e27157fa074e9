package io.brokerconnect.tools.generator;

/**
 * The files of one collector and one type: one file every {@code period} seconds, at timestamps
 * that are multiples of the period (archives name files after UTC wall-clock slots, e.g.
 * {@code updates.20250101.0015}).
 *
 * @param index     position in the generator's series list (dense, for array lookups)
 * @param collector the collector
 * @param type      rib or updates
 * @param typeId    the {@code types.id} used for this type
 * @param period    seconds between two files
 */
public record FileSeries(int index, Collector collector, FileType type, int typeId, int period) {

    public long collectorId() {
        return collector.id();
    }

    /** Number of files with timestamp in [from, to] (both inclusive, from may be negative). */
    public long countBetween(long from, long to) {
        if (to < from) {
            return 0;
        }
        long last = Math.floorDiv(to, period);
        long first = Math.floorDiv(from + period - 1, period);
        return Math.max(0, last - first + 1);
    }

    /** Smallest file timestamp >= t. */
    public long alignUp(long t) {
        return Math.floorDiv(t + period - 1, period) * period;
    }

    /** Largest file timestamp <= t. */
    public long alignDown(long t) {
        return Math.floorDiv(t, period) * period;
    }

    public boolean isFileTime(long t) {
        return Math.floorMod(t, period) == 0;
    }
}
